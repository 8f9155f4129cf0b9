/**
 * Client of the status API: `GET <url>/api/rollouts` → `{ rollouts: RolloutSummary[] }`.
 * Transport failures and unexpected answers become `RuntimeError`s that say what to check.
 */
import { z } from "zod";
import type { RolloutSummary } from "../engine/engine-api.js";
import type { Phase } from "../core/machine/types.js";
import { RuntimeError, UsageError } from "./cli-errors.js";

export const STATUS_TIMEOUT_MS = 10_000;

const PHASES: readonly Phase[] = [
  "Initializing",
  "Initialized",
  "Waiting",
  "Progressing",
  "WaitingPromotion",
  "Promoting",
  "Finalising",
  "Succeeded",
  "Failed",
  "Terminating",
  "Terminated",
];

const summarySchema = z.object({
  repo: z.string(),
  canary: z.string(),
  phase: z.string().refine((p) => (PHASES as readonly string[]).includes(p), { message: "is not a phase canary-bot knows" }),
  canaryWeight: z.number(),
  primaryWeight: z.number(),
  mirrored: z.boolean(),
  failedChecks: z.number(),
  iterations: z.number(),
  paused: z.boolean(),
  revision: z.string(),
  lastTransitionAt: z.number(),
  sourceSha: z.string().optional(),
  pullRequest: z.number().optional(),
});

const responseSchema = z.object({ rollouts: z.array(summarySchema) });

/** The status API's base URL from the option or environment, checked. */
export function statusBaseUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--url must be an http or https URL such as http://localhost:3000, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(`--url must be an http or https URL, got ${url.protocol.slice(0, -1)}`);
  }
  return url;
}

export function rolloutsUrl(base: URL): URL {
  const withSlash = base.pathname.endsWith("/") ? base : new URL(`${base.pathname}/`, base);
  return new URL("api/rollouts", withSlash);
}

function causeCode(error: unknown): string | undefined {
  const cause: unknown = error instanceof Error ? error.cause : undefined;
  if (typeof cause === "object" && cause !== null && "code" in cause && typeof cause.code === "string") return cause.code;
  return undefined;
}

const TRANSPORT: Readonly<Record<string, string>> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ETIMEDOUT: "connection timed out",
  UND_ERR_CONNECT_TIMEOUT: "connection timed out",
  UND_ERR_SOCKET: "connection closed",
};

function transportError(url: URL, error: unknown): RuntimeError {
  const where = url.origin;
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return new RuntimeError(`cannot reach canary-bot at ${where}: no answer within ${String(STATUS_TIMEOUT_MS / 1000)}s`, { cause: error });
  }
  const code = causeCode(error);
  const why = code === undefined ? (error instanceof Error ? error.message : String(error)) : `${TRANSPORT[code] ?? "network error"} (${code})`;
  return new RuntimeError(`cannot reach canary-bot at ${where}: ${why}; is it running, and is --url right?`, { cause: error });
}

function firstLine(text: string): string {
  const line = text.trim().split("\n")[0] ?? "";
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

export async function fetchRollouts(base: URL, token: string | undefined): Promise<readonly RolloutSummary[]> {
  const url = rolloutsUrl(base);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: "application/json", ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
      signal: AbortSignal.timeout(STATUS_TIMEOUT_MS),
    });
  } catch (error: unknown) {
    throw transportError(url, error);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error: unknown) {
    throw transportError(url, error);
  }
  const status = `${String(response.status)}${response.statusText === "" ? "" : ` ${response.statusText}`}`;
  if (response.status === 401 || response.status === 403) {
    const hint = token === undefined ? "give the token with --token or CANARY_BOT_STATUS_TOKEN" : "check the token (CANARY_BOT_STATUS_TOKEN on the server)";
    throw new RuntimeError(`${url.href} refused the request (${status}): ${hint}`);
  }
  if (response.status === 404) throw new RuntimeError(`${url.href} answered 404 Not Found: is --url the address of canary-bot?`);
  if (!response.ok) throw new RuntimeError(`${url.href} answered ${status}${text.trim() === "" ? "" : `: ${firstLine(text)}`}`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new RuntimeError(`${url.href} did not answer with JSON: ${firstLine(text) || "empty body"}`);
  }
  const parsed = responseSchema.safeParse(body);
  if (!parsed.success) {
    const [first] = parsed.error.issues;
    const where = first === undefined ? "" : `${first.path.join(".")}: ${first.message}`;
    throw new RuntimeError(`${url.href} answered with an unexpected shape (${where}); are the CLI and the server the same version?`);
  }
  return parsed.data.rollouts.map(({ sourceSha, pullRequest, ...r }) => ({
    ...r,
    phase: r.phase as Phase,
    ...(sourceSha === undefined ? {} : { sourceSha }),
    ...(pullRequest === undefined ? {} : { pullRequest }),
  }));
}
