/**
 * A pass-through front for the GitHub API emulator, used as the App's `baseUrl`, that lets a
 * test act at an exact point of the App's work: `before(match, action)` runs `action` once,
 * just before the first matching request reaches the emulator (a person pushing between the
 * moment the App read the branch and the moment its commit arrives). Every request goes on to
 * the emulator untouched.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { GitHubEmulator } from "./github-emulator/index.js";

export interface FrontRequest {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  /** The request body as text (GraphQL documents and variables included). */
  readonly body: string;
}

export interface ApiFront {
  /** `http://127.0.0.1:<port>`: the App's `baseUrl`. */
  readonly url: string;
  /** Runs `action` once, before the first request that `match` accepts goes on; resolves when it ran. */
  before(match: (request: FrontRequest) => boolean, action: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

interface Interception {
  readonly match: (request: FrontRequest) => boolean;
  readonly action: () => Promise<void>;
  readonly done: (error?: unknown) => void;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}

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

function forward(target: URL, req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  // The client's Host stays: the emulator builds `Link` headers from it, so later pages come back through here.
  const headers = { ...req.headers, "content-length": String(body.length) };
  delete headers["transfer-encoding"];
  const upstream = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on("error", (error) => {
    if (!res.headersSent) send(res, 502, { message: `emulator unreachable: ${error.message}` });
    else res.destroy(error);
  });
  upstream.end(body);
}

export async function startApiFront(gh: GitHubEmulator): Promise<ApiFront> {
  const target = new URL(gh.url);
  const interceptions: Interception[] = [];

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const method = req.method ?? "GET";
    const body = await readBody(req);
    const seen: FrontRequest = { method, path, body: body.toString("utf8") };
    const due = interceptions.find((i) => i.match(seen));
    if (due) {
      interceptions.splice(interceptions.indexOf(due), 1);
      try {
        await due.action();
        due.done();
      } catch (error: unknown) {
        due.done(error);
      }
    }
    forward(target, req, res, body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { message: error instanceof Error ? error.message : String(error) });
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}`,
    before: (match, action) =>
      new Promise<void>((resolve, reject) => {
        interceptions.push({
          match,
          action,
          done: (error) => {
            if (error === undefined) resolve();
            else reject(error instanceof Error ? error : new Error(`the action before a request failed: ${JSON.stringify(error)}`));
          },
        });
      }),
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
