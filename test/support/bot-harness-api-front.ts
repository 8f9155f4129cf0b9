/**
 * A pass-through front for the GitHub API emulator, used as the App's `baseUrl`. It does two
 * things the emulator does not:
 *
 * - answers `GET /repos/{owner}/{repo}/commits` (list commits; `sha`, `per_page`, `page`),
 *   which the App calls and the emulator does not serve yet: the commits reachable from `sha`
 *   in the backing git repository, newest first as `git rev-list` orders them, each rendered by
 *   the emulator's own `GET /repos/{owner}/{repo}/commits/{sha}` (same token, same permission
 *   checks, counted as API traffic) without `files` and `stats`, with GitHub's `Link` header;
 * - lets a test act at an exact point of the App's work: `before(match, action)` runs `action`
 *   once, just before the first matching request reaches the emulator (a person pushing between
 *   the moment the App read the branch and the moment its commit arrives).
 *
 * Every other request goes to the emulator untouched. Once the emulator lists commits itself,
 * that part can go.
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
  /** Requests answered here rather than by the emulator, as `METHOD path`. */
  readonly filled: readonly string[];
  /** Runs `action` once, before the first request that `match` accepts goes on; resolves when it ran. */
  before(match: (request: FrontRequest) => boolean, action: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

interface Interception {
  readonly match: (request: FrontRequest) => boolean;
  readonly action: () => Promise<void>;
  readonly done: (error?: unknown) => void;
}

const LIST_COMMITS = /^\/repos\/([^/]+)\/([^/]+)\/commits$/;
const LIST_COMMITS_DOCS = "https://docs.github.com/rest/commits/commits#list-commits";

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}

async function listCommits(gh: GitHubEmulator, front: string, req: IncomingMessage, res: ServerResponse, owner: string, name: string): Promise<void> {
  const url = new URL(req.url ?? "/", front);
  let handle;
  try {
    handle = gh.repo(`${owner}/${name}`);
  } catch {
    send(res, 404, { message: "Not Found", documentation_url: LIST_COMMITS_DOCS, status: "404" });
    return;
  }
  const start = url.searchParams.get("sha") ?? handle.defaultBranch;
  const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get("per_page") ?? "30") || 30));
  const page = Math.max(1, Number(url.searchParams.get("page") ?? "1") || 1);
  let shas: string[];
  try {
    shas = (await handle.git("rev-list", `--max-count=${String(perPage * page + 1)}`, start, "--")).split("\n").filter(Boolean);
  } catch {
    send(res, 404, { message: `No commit found for SHA: ${start}`, documentation_url: LIST_COMMITS_DOCS, status: "404" });
    return;
  }
  const commits: unknown[] = [];
  for (const sha of shas.slice((page - 1) * perPage, page * perPage)) {
    const response = await fetch(`${gh.url}/repos/${owner}/${name}/commits/${sha}`, {
      headers: { accept: "application/vnd.github+json", ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) },
    });
    const body = (await response.json()) as Record<string, unknown>;
    if (!response.ok) {
      send(res, response.status, body);
      return;
    }
    // List entries carry neither the diff nor its stats.
    commits.push(Object.fromEntries(Object.entries(body).filter(([key]) => key !== "files" && key !== "stats")));
  }
  const headers: Record<string, string> = {};
  if (shas.length > page * perPage) {
    const next = new URL(url.toString());
    next.searchParams.set("per_page", String(perPage));
    next.searchParams.set("page", String(page + 1));
    headers.link = `<${next.toString()}>; rel="next"`;
  }
  send(res, 200, commits, headers);
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
  const headers = { ...req.headers, host: target.host, "content-length": String(body.length) };
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
  const filled: string[] = [];
  const interceptions: Interception[] = [];
  let base = "";

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const method = req.method ?? "GET";
    const listing = method === "GET" ? LIST_COMMITS.exec(path) : null;
    if (listing?.[1] !== undefined && listing[2] !== undefined) {
      filled.push(`GET ${path}`);
      await listCommits(gh, base, req, res, decodeURIComponent(listing[1]), decodeURIComponent(listing[2]));
      return;
    }
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
  base = `http://127.0.0.1:${String(port)}`;
  return {
    url: base,
    filled,
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
