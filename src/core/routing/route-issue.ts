/** A reason a route cannot be rendered or read, naming the Canary field (or route path) at fault. */
export interface RouteIssue {
  /** Canary field path (`spec.service.match[0].uri.suffix`) or route path (`spec.rules[2]`). */
  readonly field: string;
  readonly message: string;
}
