/** One item of a GitHub "Validation Failed" error list. */
export interface ValidationErrorItem {
  readonly resource?: string;
  readonly field?: string;
  readonly code: "missing" | "missing_field" | "invalid" | "already_exists" | "unprocessable" | "custom";
  readonly message?: string;
}

/**
 * An API error answered with GitHub's JSON error body:
 * `{ message, errors?, documentation_url, status }`. The server fills in the route's
 * documentation URL when the error does not name one.
 */
export class HttpError extends Error {
  readonly status: number;
  readonly errors: readonly (ValidationErrorItem | string)[] | undefined;
  readonly documentationUrl: string | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    message: string,
    options: {
      errors?: readonly (ValidationErrorItem | string)[];
      documentationUrl?: string;
      headers?: Readonly<Record<string, string>>;
    } = {},
  ) {
    super(message);
    this.name = "HttpError";
    this.status = status;
    this.errors = options.errors;
    this.documentationUrl = options.documentationUrl;
    this.headers = options.headers ?? {};
  }

  toBody(fallbackDocs: string): Record<string, unknown> {
    return {
      message: this.message,
      ...(this.errors === undefined ? {} : { errors: this.errors }),
      documentation_url: this.documentationUrl ?? fallbackDocs,
      status: String(this.status),
    };
  }
}

export const DOCS = "https://docs.github.com/rest";

export function notFound(): HttpError {
  return new HttpError(404, "Not Found");
}

/** 422 "Validation Failed" with an `errors` list, e.g. for pull request creation. */
export function validationFailed(errors: readonly (ValidationErrorItem | string)[]): HttpError {
  return new HttpError(422, "Validation Failed", { errors });
}

/** 422 with a plain message, e.g. "Update is not a fast forward". */
export function unprocessable(message: string): HttpError {
  return new HttpError(422, message);
}

/** 422 in the wording GitHub uses when a body fails its JSON schema. */
export function invalidRequest(detail: string): HttpError {
  return new HttpError(422, `Invalid request.\n\n${detail}`);
}

export function forbidden(message: string): HttpError {
  return new HttpError(403, message);
}

export function conflict(message: string): HttpError {
  return new HttpError(409, message);
}
