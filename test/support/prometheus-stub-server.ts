/**
 * A small HTTP server on 127.0.0.1 standing in for Prometheus where the real one cannot
 * misbehave on demand: error statuses, non-JSON bodies, slowness, authentication. It records
 * every request it receives.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  readonly method: string;
  /** Path and query string. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

export type StubHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface StubServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startStubServer(handler: StubHandler): Promise<StubServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}`,
    requests,
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

/** Answers with a status, a content type and a body. */
export function reply(status: number, body: string, contentType = "application/json"): StubHandler {
  return (_req, res) => {
    res.writeHead(status, { "content-type": contentType });
    res.end(body);
  };
}

/** A successful instant-query answer with one vector sample. */
export function vectorAnswer(value: string): string {
  return JSON.stringify({ status: "success", data: { resultType: "vector", result: [{ metric: {}, value: [1700000000, value] }] } });
}
