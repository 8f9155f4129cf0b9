/**
 * A real HTTP server that answers like flagger-loadtester (fluxcd/flagger pkg/loadtester
 * server.go): the gate endpoints with in-memory gates that start closed and are keyed by
 * `<name>.<namespace>` from the payload (`rollback.<name>.<namespace>` for the rollback gate),
 * and the task endpoint `/`. Tasks are not executed; every request is recorded.
 *
 * Like the Go server it does not check the HTTP method, and any path it does not know goes to
 * the task handler.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  /** Parsed JSON body, `undefined` when it was not JSON. */
  readonly json: unknown;
}

export interface TaskAnswer {
  readonly status: number;
  readonly body?: string;
}

export interface LoadtesterOptions {
  /** `-namespace-regexp`: requests for other namespaces get 403. */
  readonly namespaceRegexp?: RegExp;
  /**
   * Answer for blocking tasks (`bash`, `helm`, `helmv3`, `concord`): the real server runs them
   * and answers 200, or 500 with the error. Default 200.
   */
  readonly blockingTask?: (payload: LoadtesterPayload) => TaskAnswer;
}

export interface LoadtesterPayload {
  readonly name: string;
  readonly namespace: string;
  readonly phase?: string;
  readonly checksum?: string;
  readonly metadata?: Record<string, string>;
}

export interface Loadtester {
  /** `http://127.0.0.1:<port>` without a trailing slash. */
  readonly url: string;
  readonly requests: readonly RecordedRequest[];
  requestsTo(path: string): readonly RecordedRequest[];
  /** Payloads the task endpoint accepted (202) or ran (blocking types). */
  readonly tasks: readonly LoadtesterPayload[];
  isGateOpen(name: string, namespace: string): boolean;
  isRollbackOpen(name: string, namespace: string): boolean;
  close(): Promise<void>;
}

const BLOCKING_TASKS = new Set(["bash", "helm", "helmv3", "concord"]);
const BACKGROUND_TASKS = new Set(["cmd", "ngrinder"]);

export async function startLoadtester(options: LoadtesterOptions = {}): Promise<Loadtester> {
  const gates = new Map<string, boolean>();
  const requests: RecordedRequest[] = [];
  const tasks: LoadtesterPayload[] = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const json = parseJson(body);
      const path = new URL(req.url ?? "/", "http://loadtester").pathname;
      requests.push({ method: req.method ?? "", path, headers: req.headers, body, json });
      const answer = handle(path, json);
      res.writeHead(answer.status, { "content-type": "text/plain; charset=utf-8" });
      res.end(answer.body ?? "");
    });
  });

  function handle(path: string, json: unknown): TaskAnswer {
    if (path === "/healthz") return { status: 200, body: "OK" };
    if (path === "/gate/approve") return { status: 200, body: "OK" };
    if (path === "/gate/halt") return { status: 403, body: "Forbidden" };

    const payload = asPayload(json);
    if (!payload) return { status: 400 };
    if (options.namespaceRegexp && !options.namespaceRegexp.test(payload.namespace)) return { status: 403, body: "Forbidden" };
    const gateKey = `${payload.name}.${payload.namespace}`;
    const rollbackKey = `rollback.${gateKey}`;
    switch (path) {
      case "/gate/check":
        return gates.get(gateKey) === true ? { status: 200, body: "Approved" } : { status: 403, body: "Forbidden" };
      case "/gate/open":
        gates.set(gateKey, true);
        return { status: 202 };
      case "/gate/close":
        gates.set(gateKey, false);
        return { status: 202 };
      case "/rollback/check":
        return gates.get(rollbackKey) === true ? { status: 200, body: "Approved" } : { status: 403, body: "Forbidden" };
      case "/rollback/open":
        gates.set(rollbackKey, true);
        return { status: 202 };
      case "/rollback/close":
        gates.set(rollbackKey, false);
        return { status: 202 };
      default:
        return runTask(payload);
    }
  }

  function runTask(payload: LoadtesterPayload): TaskAnswer {
    const metadata = payload.metadata ?? {};
    if (Object.keys(metadata).length === 0) return { status: 400, body: "metadata not found in payload" };
    const type = metadata.type ?? "cmd";
    if (BLOCKING_TASKS.has(type)) {
      tasks.push(payload);
      return options.blockingTask?.(payload) ?? { status: 200 };
    }
    if (!BACKGROUND_TASKS.has(type)) return { status: 400, body: `unknown task type ${type}` };
    if (type === "cmd" && (metadata.cmd === undefined || metadata.cmd === "")) return { status: 400, body: "cmd not found in metadata" };
    tasks.push(payload);
    return { status: 202 };
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}`,
    requests,
    requestsTo: (path) => requests.filter((r) => r.path === path),
    tasks,
    isGateOpen: (name, namespace) => gates.get(`${name}.${namespace}`) === true,
    isRollbackOpen: (name, namespace) => gates.get(`rollback.${name}.${namespace}`) === true,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      }),
  };
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/** Go's json.Unmarshal into CanaryWebhookPayload: missing fields are empty strings. */
function asPayload(json: unknown): LoadtesterPayload | undefined {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return undefined;
  const record = json as Record<string, unknown>;
  const text = (value: unknown): string => (typeof value === "string" ? value : "");
  const metadata =
    typeof record.metadata === "object" && record.metadata !== null ? (record.metadata as Record<string, string>) : undefined;
  return {
    name: text(record.name),
    namespace: text(record.namespace),
    phase: text(record.phase),
    checksum: text(record.checksum),
    ...(metadata ? { metadata } : {}),
  };
}
