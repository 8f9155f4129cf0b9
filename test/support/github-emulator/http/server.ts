import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { acceptedPermissionsHeader, authorizeRepo } from "../auth/access.js";
import { actorLabel, type Actor } from "../auth/actor.js";
import type { EmulatorCore } from "../core.js";
import type { FaultInjector } from "../faults/fault-injector.js";
import { faultResponse } from "../faults/fault-response.js";
import type { LatencyRules } from "../faults/latency.js";
import type { RequestInfo } from "../faults/request-match.js";
import { describeGraphqlRequest, type GraphqlOperationInfo } from "../graphql/handler.js";
import type { RequestKind, RequestRecorder } from "../instrumentation/request-recorder.js";
import { rateCallerLabel, rateIdentity } from "../limits/identity.js";
import { rateLimitHeaders, type RateLimiter, type RateResource, type RateWindow } from "../limits/rate-limiter.js";
import { operationFor, validateRequestBody } from "../../openapi.js";
import { HttpError, DOCS } from "./http-error.js";
import type { Caller, Method, Reply, RequestContext, RouteMatch, Router } from "./router.js";

export interface ServerDeps {
  readonly core: EmulatorCore;
  readonly router: Router;
  readonly limiter: RateLimiter;
  readonly faults: FaultInjector;
  readonly latency: LatencyRules;
  readonly recorder: RequestRecorder;
  readonly validateRequests: boolean;
}

const METHODS: readonly Method[] = ["GET", "POST", "PATCH", "PUT", "DELETE"];

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      resolve(Buffer.concat(chunks));
    });
    req.on("error", reject);
  });
}

/** GHES-style prefixes (`/api/v3`, `/api/graphql`) map onto the github.com paths. */
function apiPath(pathname: string): string {
  if (pathname === "/api/graphql") return "/graphql";
  if (pathname === "/api/v3") return "/";
  if (pathname.startsWith("/api/v3/")) return pathname.slice("/api/v3".length);
  return pathname;
}

interface Outcome {
  readonly status: number;
  readonly body?: unknown;
  readonly raw?: Reply["raw"];
  readonly headers: Readonly<Record<string, string>>;
  readonly fault?: string;
  readonly disconnect?: boolean;
}

function errorOutcome(error: HttpError, docs: string): Outcome {
  return { status: error.status, body: error.toBody(docs), headers: error.headers };
}

/**
 * The request pipeline: latency → primary rate limit → unknown endpoint (404, logged) → JSON →
 * credentials → injected fault → caller and repository authorisation → OpenAPI body check →
 * handler (serialised per repository for writes) → response with GitHub's headers, rate-limit
 * headers included. Every request is recorded.
 */
export function createRequestListener(deps: ServerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(deps, req, res).catch((error: unknown) => {
      deps.core.log({ level: "error", message: "emulator request failed", details: { error: String(error) } });
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify({ message: `GitHub emulator error: ${String(error)}` }));
    });
  };
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { core, router, recorder } = deps;
  const seq = recorder.nextSeq();
  const requestId = `EMU0:${String(seq).padStart(6, "0")}`;
  const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "127.0.0.1"}`);
  const path = apiPath(url.pathname);
  const method = (req.method ?? "GET").toUpperCase();
  const raw = await readBody(req);
  const auth = core.tokens.authenticate(req.headers.authorization);
  const actor: Actor = auth.ok ? auth.actor : { kind: "anonymous" };
  const resource: RateResource = path === "/graphql" ? "graphql" : "core";
  const identity = rateIdentity(actor);
  let window: RateWindow = deps.limiter.peek(identity, resource);

  let body: unknown;
  let badJson = false;
  if (raw.length > 0) {
    try {
      body = JSON.parse(raw.toString("utf8"));
    } catch {
      badJson = true;
    }
  }
  const graphql: GraphqlOperationInfo | undefined = path === "/graphql" ? describeGraphqlRequest(body) : undefined;
  const kind: RequestKind = graphql ? (graphql.operation === "query" ? "read" : "write") : method === "GET" ? "read" : "write";
  const match = METHODS.includes(method as Method) ? router.match(method, path) : undefined;
  const info: RequestInfo = { method, route: match?.template, path, graphqlFields: graphql?.fields ?? [], actor: actorLabel(actor) };
  const delayMs = deps.latency.delayFor(info);
  if (delayMs > 0) await sleep(delayMs);

  const outcome = await decide();
  if (outcome.disconnect === true) {
    req.socket.destroy();
  } else {
    const headers: Record<string, string> = {
      "x-github-request-id": requestId,
      "x-github-media-type": "github.v3; format=json",
      "x-github-api-version-selected": "2022-11-28",
      ...rateLimitHeaders(window),
      ...(match?.spec.access ? { "x-accepted-github-permissions": acceptedPermissionsHeader(match.spec.access) } : {}),
      ...outcome.headers,
    };
    if (outcome.raw) {
      res.writeHead(outcome.status, { ...headers, "content-type": outcome.raw.contentType });
      res.end(outcome.raw.content);
    } else if (outcome.body === undefined || outcome.status === 204 || outcome.status === 304) {
      res.writeHead(outcome.status, headers);
      res.end();
    } else {
      res.writeHead(outcome.status, { ...headers, "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(outcome.body));
    }
  }
  recorder.record({
    seq,
    method,
    path,
    route: match ? `${method} ${match.template}` : undefined,
    kind,
    status: outcome.disconnect === true ? 0 : outcome.status,
    actor: info.actor,
    graphql,
    fault: outcome.fault,
    delayMs,
  });

  async function decide(): Promise<Outcome> {
    // Every request spends budget (unknown endpoints too), except GET /rate_limit.
    if (match?.template !== "/rate_limit") {
      const consumed = deps.limiter.consume(identity, resource);
      window = consumed.window;
      if (consumed.exceeded) {
        const message = `API rate limit exceeded for ${rateCallerLabel(actor)}.`;
        if (resource === "graphql") return { status: 200, body: { errors: [{ type: "RATE_LIMITED", message }] }, headers: {} };
        return {
          status: 403,
          body: { message, documentation_url: "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting", status: "403" },
          headers: {},
        };
      }
    }
    if (!match) {
      core.log({ level: "warn", message: "GitHub emulator: unknown endpoint", details: { method, path } });
      return { status: 404, body: { message: "Not Found", documentation_url: DOCS, status: "404" }, headers: {} };
    }
    const docs = match.spec.docs;
    if (badJson) return { status: 400, body: { message: "Problems parsing JSON", documentation_url: docs, status: "400" }, headers: {} };
    if (!auth.ok) return { status: auth.status, body: { message: auth.message, documentation_url: docs, status: String(auth.status) }, headers: {} };
    const taken = deps.faults.take(info);
    const faultOutcome = (): Outcome | undefined => {
      if (!taken) return undefined;
      const response = faultResponse(taken.fault, {
        graphql: path === "/graphql",
        nowSeconds: core.world.epochSeconds(),
        callerLabel: rateCallerLabel(actor),
        limit: window.limit,
        requestId,
        docs,
      });
      if (response.kind === "disconnect") return { status: 0, headers: {}, disconnect: true, fault: taken.fault.kind };
      return { status: response.status, body: response.body, headers: response.headers, fault: taken.fault.kind };
    };
    if (taken && !taken.afterHandler) return faultOutcome() ?? { status: 500, headers: {} };
    let outcome: Outcome;
    try {
      const reply = await run(match, docs);
      outcome = { status: reply.status, body: reply.body, raw: reply.raw, headers: reply.headers ?? {} };
    } catch (error: unknown) {
      if (!(error instanceof HttpError)) throw error;
      outcome = errorOutcome(error, docs);
    }
    return (taken?.afterHandler === true ? faultOutcome() : undefined) ?? outcome;
  }

  async function run(match: RouteMatch, docs: string): Promise<Reply> {
    const spec = match.spec;
    checkCaller(spec.caller, actor);
    const repo = spec.access ? core.world.repo(match.params.owner ?? "", match.params.repo ?? "") : undefined;
    if (spec.access) {
      if (!repo) throw new HttpError(404, "Not Found");
      authorizeRepo(core.world, actor, repo, spec.access);
    }
    if (deps.validateRequests && body !== undefined && spec.validatesBody !== true) {
      const operation = operationFor(method, path);
      const problems = operation ? validateRequestBody(method, operation.pathTemplate, body) : [];
      if (problems.length > 0) throw new HttpError(422, `Invalid request.\n\n${problems.join("\n")}`, { documentationUrl: docs });
    }
    const ctx: RequestContext = { core, method: method as Method, params: match.params, query: url.searchParams, body, headers: req.headers, actor, url, repo };
    if (repo && spec.method !== "GET") return core.locks.run(repo.fullName.toLowerCase(), () => spec.handler(ctx));
    return spec.handler(ctx);
  }
}

function checkCaller(caller: Caller | undefined, actor: Actor): void {
  switch (caller) {
    case undefined:
    case "any":
      return;
    case "app-jwt":
      if (actor.kind !== "app") throw new HttpError(401, "A JSON web token could not be decoded");
      return;
    case "installation":
      if (actor.kind !== "installation") throw new HttpError(403, "Resource not accessible by integration");
      return;
    case "authenticated":
      if (actor.kind === "anonymous") throw new HttpError(401, "This endpoint requires you to be authenticated.");
      return;
  }
}
