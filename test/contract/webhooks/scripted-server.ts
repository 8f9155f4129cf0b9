/**
 * A real HTTP(S) server whose answers are scripted per path, in order (the last answer repeats),
 * recording every request and every TCP connection.
 */
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";

export interface ScriptedAnswer {
  readonly status: number;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly delayMs?: number;
}

export interface ScriptedRequest {
  readonly method: string;
  readonly target: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export interface ScriptedServer {
  readonly url: string;
  readonly requests: readonly ScriptedRequest[];
  /** TCP connections accepted (for TLS servers: including failed handshakes). */
  connections(): number;
  script(path: string, ...answers: ScriptedAnswer[]): void;
  requestsTo(path: string): readonly ScriptedRequest[];
  close(): Promise<void>;
}

export async function startScriptedServer(options: { readonly tls?: { readonly key: string; readonly cert: string } } = {}): Promise<ScriptedServer> {
  const requests: ScriptedRequest[] = [];
  const scripts = new Map<string, ScriptedAnswer[]>();
  const served = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  let connections = 0;

  const handler: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const target = req.url ?? "/";
      const path = new URL(target, "http://scripted").pathname;
      requests.push({ method: req.method ?? "", target, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      const script = scripts.get(path) ?? [{ status: 200, body: "ok" }];
      const index = served.get(path) ?? 0;
      served.set(path, index + 1);
      const answer = script[Math.min(index, script.length - 1)] ?? { status: 200 };
      const send = (): void => {
        if (res.destroyed) return;
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body ?? "");
      };
      if (answer.delayMs === undefined) {
        send();
        return;
      }
      const timer = setTimeout(() => {
        timers.delete(timer);
        send();
      }, answer.delayMs);
      timers.add(timer);
    });
  };

  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler) : http.createServer(handler);
  server.on("connection", () => {
    connections++;
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? "https" : "http"}://127.0.0.1:${String(port)}`,
    requests,
    connections: () => connections,
    script: (path, ...answers) => {
      scripts.set(path, answers);
      served.set(path, 0);
    },
    requestsTo: (path) => requests.filter((r) => new URL(r.target, "http://scripted").pathname === path),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      }),
  };
}

/** A port nothing listens on: bound once, then released. */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => { resolve(); }));
  return port;
}
