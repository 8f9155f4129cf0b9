/**
 * A real HTTP(S) server standing in for Slack, Discord, Rocket.Chat, Teams and Google Chat: it
 * records every request per path, answers what each path is told to answer, and checks payloads
 * against the shape each service accepts (`payloadShapeProblems`).
 */
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";

export interface ReceivedAlert {
  readonly method: string;
  readonly path: string;
  /** Path plus query string, as requested. */
  readonly target: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  readonly json: unknown;
}

export interface ReceiverAnswer {
  readonly status: number;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Delay before answering, to provoke client timeouts. */
  readonly delayMs?: number;
}

export interface AlertReceiver {
  /** `http(s)://127.0.0.1:<port>` */
  readonly url: string;
  readonly requests: readonly ReceivedAlert[];
  requestsTo(path: string): readonly ReceivedAlert[];
  /** Answer for one path (default for every path: 200 "ok"). */
  answer(path: string, answer: ReceiverAnswer): void;
  close(): Promise<void>;
}

export async function startAlertReceiver(options: { readonly tls?: { readonly key: string; readonly cert: string } } = {}): Promise<AlertReceiver> {
  const requests: ReceivedAlert[] = [];
  const answers = new Map<string, ReceiverAnswer>();
  const timers = new Set<NodeJS.Timeout>();

  const handler: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const target = req.url ?? "/";
      const path = new URL(target, "http://receiver").pathname;
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      requests.push({ method: req.method ?? "", path, target, headers: req.headers, body, json });
      const answer = answers.get(path) ?? { status: 200, body: "ok" };
      const send = (): void => {
        if (res.destroyed) return;
        res.writeHead(answer.status, { "content-type": "text/plain; charset=utf-8", ...answer.headers });
        res.end(answer.body ?? "");
      };
      if (answer.delayMs === undefined) send();
      else {
        const timer = setTimeout(() => {
          timers.delete(timer);
          send();
        }, answer.delayMs);
        timers.add(timer);
      }
    });
  };

  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler) : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? "https" : "http"}://127.0.0.1:${String(port)}`,
    requests,
    requestsTo: (path) => requests.filter((r) => r.path === path),
    answer: (path, answer) => answers.set(path, answer),
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

export type PayloadShape = "slack" | "msteams-messagecard" | "msteams-adaptivecard" | "gchat";

/**
 * What the service would reject or mis-render, as a list of `path: problem` lines (empty when the
 * payload is fine). Discord's `/slack` endpoint and Rocket.Chat take the Slack shape.
 */
export function payloadShapeProblems(shape: PayloadShape, payload: unknown): string[] {
  const problems: string[] = [];
  const check = new ShapeChecker(problems);
  switch (shape) {
    case "slack": {
      const root = check.object("$", payload);
      if (!root) break;
      for (const key of ["channel", "username", "icon_emoji"]) check.string(`$.${key}`, root[key]);
      const attachments = check.nonEmptyArray("$.attachments", root.attachments);
      attachments?.forEach((item, i) => {
        const a = check.object(`$.attachments[${String(i)}]`, item);
        if (!a) return;
        for (const key of ["color", "author_name", "text"]) check.string(`$.attachments[${String(i)}].${key}`, a[key]);
        check.array(`$.attachments[${String(i)}].mrkdwn_in`, a.mrkdwn_in);
        check.array(`$.attachments[${String(i)}].fields`, a.fields)?.forEach((f, j) => {
          const field = check.object(`$.attachments[${String(i)}].fields[${String(j)}]`, f);
          if (!field) return;
          check.string(`$.attachments[${String(i)}].fields[${String(j)}].title`, field.title);
          check.string(`$.attachments[${String(i)}].fields[${String(j)}].value`, field.value);
          if (typeof field.short !== "boolean") problems.push(`$.attachments[${String(i)}].fields[${String(j)}].short: not a boolean`);
        });
      });
      break;
    }
    case "msteams-messagecard": {
      const root = check.object("$", payload);
      if (!root) break;
      if (root["@type"] !== "MessageCard") problems.push(`$.@type: expected "MessageCard"`);
      if (root["@context"] !== "http://schema.org/extensions") problems.push(`$.@context: expected "http://schema.org/extensions"`);
      if (typeof root.themeColor !== "string" || !/^[0-9A-Fa-f]{6}$/.test(root.themeColor)) problems.push("$.themeColor: not a 6-digit hex colour");
      check.string("$.summary", root.summary);
      check.nonEmptyArray("$.sections", root.sections)?.forEach((item, i) => {
        const s = check.object(`$.sections[${String(i)}]`, item);
        if (!s) return;
        check.string(`$.sections[${String(i)}].activityTitle`, s.activityTitle);
        check.array(`$.sections[${String(i)}].facts`, s.facts)?.forEach((f, j) => {
          const fact = check.object(`$.sections[${String(i)}].facts[${String(j)}]`, f);
          if (!fact) return;
          check.string(`$.sections[${String(i)}].facts[${String(j)}].name`, fact.name);
          check.string(`$.sections[${String(i)}].facts[${String(j)}].value`, fact.value);
        });
      });
      break;
    }
    case "msteams-adaptivecard": {
      const root = check.object("$", payload);
      if (!root) break;
      if (root.type !== "message") problems.push(`$.type: expected "message"`);
      check.nonEmptyArray("$.attachments", root.attachments)?.forEach((item, i) => {
        const a = check.object(`$.attachments[${String(i)}]`, item);
        if (!a) return;
        if (a.contentType !== "application/vnd.microsoft.card.adaptive") problems.push(`$.attachments[${String(i)}].contentType: not an Adaptive Card`);
        const content = check.object(`$.attachments[${String(i)}].content`, a.content);
        if (!content) return;
        if (content.type !== "AdaptiveCard") problems.push(`$.attachments[${String(i)}].content.type: Property 'type' must be 'AdaptiveCard'`);
        check.string(`$.attachments[${String(i)}].content.version`, content.version);
        check.nonEmptyArray(`$.attachments[${String(i)}].content.body`, content.body)?.forEach((el, j) => {
          const element = check.object(`$.attachments[${String(i)}].content.body[${String(j)}]`, el);
          if (element) check.string(`$.attachments[${String(i)}].content.body[${String(j)}].type`, element.type);
        });
      });
      break;
    }
    case "gchat": {
      const root = check.object("$", payload);
      if (!root) break;
      check.nonEmptyArray("$.cards", root.cards)?.forEach((item, i) => {
        const card = check.object(`$.cards[${String(i)}]`, item);
        if (!card) return;
        const header = check.object(`$.cards[${String(i)}].header`, card.header);
        if (header) check.string(`$.cards[${String(i)}].header.title`, header.title);
        check.nonEmptyArray(`$.cards[${String(i)}].sections`, card.sections)?.forEach((s, j) => {
          const section = check.object(`$.cards[${String(i)}].sections[${String(j)}]`, s);
          if (!section) return;
          check.nonEmptyArray(`$.cards[${String(i)}].sections[${String(j)}].widgets`, section.widgets)?.forEach((w, k) => {
            const widget = check.object(`$.cards[${String(i)}].sections[${String(j)}].widgets[${String(k)}]`, w);
            const paragraph = widget && check.object(`$.cards[${String(i)}].sections[${String(j)}].widgets[${String(k)}].textParagraph`, widget.textParagraph);
            if (paragraph) check.string(`$.cards[${String(i)}].sections[${String(j)}].widgets[${String(k)}].textParagraph.text`, paragraph.text);
          });
        });
      });
      break;
    }
  }
  return problems;
}

class ShapeChecker {
  readonly #problems: string[];
  constructor(problems: string[]) {
    this.#problems = problems;
  }
  object(path: string, value: unknown): Record<string, unknown> | undefined {
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    this.#problems.push(`${path}: not an object`);
    return undefined;
  }
  array(path: string, value: unknown): unknown[] | undefined {
    if (Array.isArray(value)) return value;
    this.#problems.push(`${path}: not an array`);
    return undefined;
  }
  nonEmptyArray(path: string, value: unknown): unknown[] | undefined {
    const array = this.array(path, value);
    if (array?.length === 0) this.#problems.push(`${path}: empty`);
    return array;
  }
  string(path: string, value: unknown): void {
    if (typeof value !== "string") this.#problems.push(`${path}: not a string`);
  }
}
