import { STATUS_CODES } from "node:http";
import type { Fault } from "./fault-injector.js";

export type FaultResponse =
  | { readonly kind: "reply"; readonly status: number; readonly body: unknown; readonly headers: Readonly<Record<string, string>> }
  | { readonly kind: "disconnect" };

export interface FaultContext {
  readonly graphql: boolean;
  readonly nowSeconds: number;
  /** How GitHub names the caller in rate-limit messages, e.g. `installation ID 7`. */
  readonly callerLabel: string;
  readonly limit: number;
  readonly requestId: string;
  readonly docs: string;
}

const PRIMARY_DOCS = "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting";
const SECONDARY_DOCS = "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits";

function errorBody(status: number, message: string, docs: string): Record<string, unknown> {
  return { message, documentation_url: docs, status: String(status) };
}

/** The answer GitHub gives in each fault situation (bodies and headers as GitHub sends them). */
export function faultResponse(fault: Fault, context: FaultContext): FaultResponse {
  switch (fault.kind) {
    case "disconnect":
      return { kind: "disconnect" };
    case "status": {
      const message = fault.message ?? STATUS_CODES[fault.status] ?? "Error";
      return { kind: "reply", status: fault.status, body: errorBody(fault.status, message, context.docs), headers: fault.headers ?? {} };
    }
    case "server-error": {
      const status = fault.status ?? 502;
      return { kind: "reply", status, body: errorBody(status, "Server Error", context.docs), headers: {} };
    }
    case "conflict":
      return { kind: "reply", status: 409, body: errorBody(409, fault.message ?? "Conflict", context.docs), headers: {} };
    case "validation":
      return { kind: "reply", status: 422, body: errorBody(422, fault.message ?? "Validation Failed", context.docs), headers: {} };
    case "secondary-rate-limit": {
      const status = fault.status ?? 403;
      const message =
        "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. " +
        `If you reach out to GitHub Support for help, please include the request ID ${context.requestId}.`;
      return {
        kind: "reply",
        status,
        body: errorBody(status, message, SECONDARY_DOCS),
        headers: { "retry-after": String(fault.retryAfterSeconds ?? 60) },
      };
    }
    case "primary-rate-limit": {
      const headers = {
        "x-ratelimit-limit": String(context.limit),
        "x-ratelimit-remaining": "0",
        "x-ratelimit-used": String(context.limit),
        "x-ratelimit-reset": String(context.nowSeconds + (fault.resetAfterSeconds ?? 60)),
      };
      if (context.graphql && fault.status === undefined) {
        // GraphQL reports an exhausted budget as a 200 with a RATE_LIMITED error.
        const body = { errors: [{ type: "RATE_LIMITED", message: `API rate limit already exceeded for ${context.callerLabel}.` }] };
        return { kind: "reply", status: 200, body, headers };
      }
      const status = fault.status ?? 403;
      return { kind: "reply", status, body: errorBody(status, `API rate limit exceeded for ${context.callerLabel}.`, PRIMARY_DOCS), headers };
    }
  }
}
