import { ApiException } from "@kubernetes/client-node";
import type { AppError } from "../../core/errors.js";
import { ForbiddenError, InvariantError, TransientError } from "../../core/errors.js";

/** One API request, described the way RBAC and people name it. */
export interface KubeAction {
  /** The cluster's name in the bot's configuration. */
  readonly cluster: string;
  readonly verb: "get" | "list" | "patch";
  /** API group, `""` for the core group. */
  readonly group: string;
  /** Plural resource as in RBAC rules, e.g. `deployments`. */
  readonly resource: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly timeoutMs: number;
}

/** A 404 is an answer, not a failure: the object (or its CRD) does not exist. */
export type KubeResult<T> = { readonly found: true; readonly value: T } | { readonly found: false; readonly message: string };

/**
 * Run a client-node call and translate its failures at the boundary:
 * - 404 → `{found: false}` with a message naming the object and cluster;
 * - 401 and 403 → `ForbiddenError` naming the verb, resource, group and namespace to grant;
 * - 408, 429, 5xx, timeouts and network errors → `TransientError` (429 keeps `Retry-After`);
 * - TLS verification failures → `ForbiddenError` (the kubeconfig's CA must be fixed);
 * - any other status → `InvariantError` (the request itself was wrong).
 */
export async function kubeCall<T>(action: KubeAction, call: () => Promise<T>): Promise<KubeResult<T>> {
  try {
    return { found: true, value: await call() };
  } catch (error: unknown) {
    if (isApiException(error) && error.code === 404) return { found: false, message: notFoundMessage(action) };
    throw translateKubeError(error, action);
  }
}

export function describeObject(action: Pick<KubeAction, "kind" | "namespace" | "name">): string {
  const where = action.namespace === undefined ? "" : `${action.namespace}/`;
  return `${action.kind} ${where}${action.name ?? ""}`;
}

export function translateKubeError(error: unknown, action: KubeAction): AppError {
  const what = action.name === undefined ? `${qualified(action)}${scope(action)}` : describeObject(action);
  if (isApiException(error)) {
    const server = serverMessage(error.body);
    const detail = server === undefined ? "" : `: ${server}`;
    if (error.code === 401) {
      return new ForbiddenError(
        `cluster "${action.cluster}" rejected the bot's credentials (HTTP 401 Unauthorized) on ${action.verb} ${what}: ` +
          "the kubeconfig's token or client certificate is missing, expired or invalid",
        { cause: error },
      );
    }
    if (error.code === 403) {
      return new ForbiddenError(
        `cluster "${action.cluster}" forbids ${action.verb} on ${qualified(action)}${scope(action)} (HTTP 403${detail}). ` +
          `Grant the bot's identity an RBAC rule with apiGroups: ["${action.group}"], resources: ["${action.resource}"], ` +
          `verbs: ["${action.verb}"]${action.namespace === undefined ? " in a ClusterRole" : ` in namespace ${action.namespace}`}`,
        { cause: error },
      );
    }
    if (error.code === 408 || error.code === 429 || error.code >= 500) {
      return new TransientError(
        `cluster "${action.cluster}" answered HTTP ${error.code} to ${action.verb} ${what}${detail}`,
        retryAfterMs(error.headers),
        { cause: error },
      );
    }
    return new InvariantError(`cluster "${action.cluster}" answered HTTP ${error.code} to ${action.verb} ${what}${detail}`);
  }

  const code = errorCode(error);
  if (code !== undefined && TLS_CODES.some((prefix) => code.startsWith(prefix))) {
    return new ForbiddenError(
      `cluster "${action.cluster}": TLS verification failed (${code}) on ${action.verb} ${what}; ` +
        "check certificate-authority-data and the server address in the kubeconfig",
      { cause: error },
    );
  }
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return new TransientError(
      `cluster "${action.cluster}" did not answer ${action.verb} ${what} within ${action.timeoutMs} ms`,
      undefined,
      { cause: error },
    );
  }
  const why = code ?? (error instanceof Error ? error.message : String(error));
  return new TransientError(`cluster "${action.cluster}" unreachable on ${action.verb} ${what} (${why})`, undefined, { cause: error });
}

const TLS_CODES = ["CERT_", "UNABLE_TO_", "DEPTH_ZERO_SELF_SIGNED_CERT", "SELF_SIGNED_CERT_IN_CHAIN", "ERR_TLS_CERT_ALTNAME_INVALID"];

function notFoundMessage(action: KubeAction): string {
  if (action.name === undefined) {
    return `cluster "${action.cluster}" does not serve ${qualified(action)} (is its CustomResourceDefinition installed?)`;
  }
  return `${describeObject(action)} not found in cluster "${action.cluster}"`;
}

function qualified(action: Pick<KubeAction, "group" | "resource">): string {
  return action.group === "" ? action.resource : `${action.resource}.${action.group}`;
}

function scope(action: Pick<KubeAction, "namespace">): string {
  return action.namespace === undefined ? " in all namespaces" : ` in namespace ${action.namespace}`;
}

function isApiException(error: unknown): error is ApiException<unknown> {
  return error instanceof ApiException;
}

/** The `message` of the Status object the API server sends with errors. */
function serverMessage(body: unknown): string | undefined {
  let parsed: unknown = body;
  if (typeof body === "string") {
    try {
      parsed = JSON.parse(body);
    } catch {
      return body.trim() === "" ? undefined : body.trim().slice(0, 500);
    }
  }
  if (typeof parsed === "object" && parsed !== null && "message" in parsed && typeof parsed.message === "string") {
    return parsed.message;
  }
  return undefined;
}

function retryAfterMs(headers: Readonly<Record<string, string>>): number | undefined {
  const value = headers["retry-after"];
  if (value === undefined) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** The system error code (`ECONNREFUSED`, `CERT_HAS_EXPIRED`, …) anywhere in the cause chain. */
function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    if ("code" in current && typeof current.code === "string") return current.code;
    current = "cause" in current ? current.cause : undefined;
  }
  return undefined;
}
