/**
 * A real HTTP forward proxy: absolute-form requests (http targets) are forwarded, CONNECT opens a
 * TCP tunnel (https targets). `upstream` sends every forwarded request to one local server, so
 * addresses on public host names can be tested without DNS.
 */
import http from "node:http";
import net, { type AddressInfo } from "node:net";

export interface ProxiedRequest {
  readonly method: string;
  /** Absolute URL for forwarded requests, `host:port` for CONNECT. */
  readonly target: string;
  readonly proxyAuthorization?: string;
}

export interface ForwardProxy {
  readonly url: string;
  readonly requests: readonly ProxiedRequest[];
  close(): Promise<void>;
}

export async function startForwardProxy(options: { readonly upstream?: URL; readonly refuseWith?: number } = {}): Promise<ForwardProxy> {
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<net.Socket>();

  const server = http.createServer((req, res) => {
    const target = req.url ?? "";
    requests.push({ method: req.method ?? "", target, ...auth(req) });
    if (options.refuseWith !== undefined) {
      res.writeHead(options.refuseWith).end();
      return;
    }
    const url = new URL(target);
    const destination = options.upstream ?? url;
    const upstream = http.request(
      { method: req.method, host: destination.hostname, port: destination.port, path: `${url.pathname}${url.search}`, headers: { ...req.headers, host: url.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.writeHead(502).end());
    req.pipe(upstream);
  });

  server.on("connect", (req: http.IncomingMessage, client: net.Socket) => {
    sockets.add(client);
    const target = req.url ?? "";
    requests.push({ method: "CONNECT", target, ...auth(req) });
    if (options.refuseWith !== undefined) {
      client.end(`HTTP/1.1 ${String(options.refuseWith)} Refused\r\n\r\n`);
      return;
    }
    const [host = "", port = "443"] = target.split(":");
    const upstream = net.connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      }),
  };
}

function auth(req: http.IncomingMessage): { proxyAuthorization?: string } {
  const value = req.headers["proxy-authorization"];
  return value === undefined ? {} : { proxyAuthorization: value };
}
