/**
 * A tiny round-robin load balancer on 127.0.0.1 for several bot replicas behind one webhook
 * URL (GitHub sends an App's deliveries to one address): each delivery goes to the next
 * replica; a replica that refuses the connection is skipped, as a Service skips a pod that is
 * gone.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface ForwardRecord {
  readonly target: string;
  readonly event: string | undefined;
  readonly status: number | undefined;
  readonly error?: string;
}

export interface RoundRobinProxy {
  /** `http://127.0.0.1:<port>`; deliveries go to `<url>/api/github/webhooks`. */
  readonly url: string;
  readonly forwarded: readonly ForwardRecord[];
  setTargets(targets: readonly string[]): void;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(["host", "connection", "content-length", "transfer-encoding", "keep-alive"]);

function forwardHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (HOP_BY_HOP.has(name) || value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

/** `targets` are base URLs (`http://127.0.0.1:<port>`); the request path is kept. */
export async function startRoundRobinProxy(initial: readonly string[]): Promise<RoundRobinProxy> {
  let targets = [...initial];
  let next = 0;
  const forwarded: ForwardRecord[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const event = typeof req.headers["x-github-event"] === "string" ? req.headers["x-github-event"] : undefined;
        const order = targets.map((_, i) => targets[(next + i) % targets.length] ?? "");
        next = targets.length === 0 ? 0 : (next + 1) % targets.length;
        for (const target of order) {
          try {
            const response = await fetch(`${target}${req.url ?? "/"}`, {
              method: req.method ?? "POST",
              headers: forwardHeaders(req.headers),
              ...(body.length > 0 ? { body } : {}),
              signal: AbortSignal.timeout(10_000),
            });
            const answer = Buffer.from(await response.arrayBuffer());
            forwarded.push({ target, event, status: response.status });
            res.writeHead(response.status, { "content-type": response.headers.get("content-type") ?? "text/plain" });
            res.end(answer);
            return;
          } catch (error: unknown) {
            forwarded.push({ target, event, status: undefined, error: error instanceof Error ? error.message : String(error) });
          }
        }
        res.writeHead(502, { "content-type": "text/plain" });
        res.end("no replica answered");
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}`,
    forwarded,
    setTargets(list) {
      targets = [...list];
      next = 0;
    },
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
