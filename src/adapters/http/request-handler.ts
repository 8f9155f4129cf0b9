/**
 * A small router for the bot's own HTTP endpoints, shaped as a Probot `addHandler` handler:
 * it answers the paths it knows and returns false for every other path, so the next handler
 * (Probot's 404) runs. New endpoints are one more `HttpRoute` in the list.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

export interface HttpRoute {
  /** Exact path, e.g. `/healthz`; the query string is ignored. */
  readonly path: string;
  /** Default: GET and HEAD. */
  readonly methods?: readonly string[];
  handle(request: IncomingMessage, response: ServerResponse): Promise<void> | void;
}

export interface HttpLog {
  error(message: string): void;
}

/** Probot's handler contract: true when the request was answered. */
export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;

export function sendJson(request: IncomingMessage, response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(text)),
    "cache-control": "no-store",
    ...headers,
  });
  response.end(request.method === "HEAD" ? undefined : text);
}

function pathOf(request: IncomingMessage): string {
  try {
    return new URL(request.url ?? "/", "http://localhost").pathname;
  } catch {
    return "";
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createRequestHandler(routes: readonly HttpRoute[], log?: HttpLog): RequestHandler {
  return async (request, response) => {
    const path = pathOf(request);
    const route = routes.find((r) => r.path === path);
    if (route === undefined) return false;
    const methods = route.methods ?? ["GET", "HEAD"];
    if (!methods.includes(request.method ?? "GET")) {
      sendJson(request, response, 405, { error: `${request.method ?? "?"} is not allowed on ${path}` }, { allow: methods.join(", ") });
      return true;
    }
    try {
      await route.handle(request, response);
    } catch (error: unknown) {
      log?.error(`${request.method ?? "GET"} ${path} failed: ${describe(error)}`);
      if (!response.headersSent) sendJson(request, response, 500, { error: "internal error" });
      else response.end();
    }
    return true;
  };
}
