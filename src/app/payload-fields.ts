/**
 * The few webhook payload fields every handler reads, typed structurally so the handlers take
 * Probot's payloads as they are and tests can pass trimmed ones.
 */

export interface Account {
  readonly login: string;
  /** `User`, `Bot` or `Organization`. */
  readonly type?: string | undefined;
}

export interface RepositoryRef {
  /** `owner/name` */
  readonly full_name: string;
}

export interface EventBase {
  readonly repository: RepositoryRef;
  readonly installation?: { readonly id: number } | undefined;
  readonly sender?: Account | undefined;
}

/** `installationId` and `repo` of a WorkItem. */
export function origin(payload: EventBase): { readonly repo: string; readonly installationId?: number } {
  const id = payload.installation?.id;
  return id === undefined ? { repo: payload.repository.full_name } : { repo: payload.repository.full_name, installationId: id };
}

/** GitHub Apps and other bot accounts; they never give commands. */
export function isBot(account: Account | undefined | null): boolean {
  return account?.type === "Bot" || (account?.login.endsWith("[bot]") ?? false);
}
