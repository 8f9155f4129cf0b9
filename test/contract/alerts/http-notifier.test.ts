import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HttpNotifier } from "../../../src/adapters/alerts/http-notifier.js";
import type { AlertProviderType, ResolvedAlertProvider } from "../../../src/core/spec/model.js";
import type { AlertMessage } from "../../../src/ports/notifier.js";
import { payloadShapeProblems, startAlertReceiver, type AlertReceiver } from "../../support/alert-receiver.js";
import { closedPort } from "../webhooks/scripted-server.js";
import { selfSignedCertificate } from "../webhooks/self-signed-cert.js";
import { startForwardProxy } from "./forward-proxy.js";

const notifier = new HttpNotifier({ timeoutMs: 5_000 });

function provider(type: AlertProviderType, extra: Partial<ResolvedAlertProvider> = {}): ResolvedAlertProvider {
  return {
    name: "on-call",
    namespace: "flagger",
    file: "alerts/on-call.yaml",
    location: { file: "alerts/on-call.yaml", line: 1, column: 1 },
    type,
    channel: "on-call-alerts",
    username: "flagger",
    ...extra,
  };
}

const message: AlertMessage = {
  severity: "info",
  canary: { name: "podinfo", namespace: "test" },
  message: "New revision detected, progressing canary analysis.",
  fields: [
    { name: "Target", value: "Deployment/podinfo.test" },
    { name: "Failed checks threshold", value: "5" },
    { name: "Progress deadline", value: "60s" },
    { name: "Traffic routing", value: "Weight step: 10 max: 50" },
  ],
  clusterName: "prod-eu",
  url: "https://github.com/acme/gitops/runs/7",
};
const failure: AlertMessage = { severity: "error", canary: { name: "podinfo", namespace: "test" }, message: "Failed checks threshold reached 5", fields: [] };

const expectedFields = [
  { name: "Cluster", value: "prod-eu" },
  ...message.fields,
  { name: "Details", value: "https://github.com/acme/gitops/runs/7" },
];

function slackShaped(color: string, source: AlertMessage = message, fields = expectedFields): unknown {
  return {
    channel: "on-call-alerts",
    username: "flagger",
    icon_url: "",
    icon_emoji: ":rocket:",
    attachments: [
      {
        color,
        author_name: "podinfo.test",
        text: source.message,
        mrkdwn_in: ["text"],
        fields: fields.map((f) => ({ title: f.name, value: f.value, short: false })),
      },
    ],
  };
}

let receiver: AlertReceiver;
beforeAll(async () => {
  receiver = await startAlertReceiver();
});
afterAll(async () => {
  await receiver.close();
});

describe("HttpNotifier payloads, as each service receives them", () => {
  it("slack: Flagger's attachment, byte for byte, and no Authorization without a token", async () => {
    const address = `${receiver.url}/services/T000/B000/slack-info`;
    expect(await notifier.notify(provider("slack"), address, message)).toEqual({ ok: true });
    const [request] = receiver.requestsTo("/services/T000/B000/slack-info");
    expect(request?.method).toBe("POST");
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.json).toStrictEqual(slackShaped("good"));
    expect(request?.body).toBe(JSON.stringify(slackShaped("good")));
    expect(payloadShapeProblems("slack", request?.json)).toEqual([]);
  });

  it("slack: errors are red and carry no fields when the alert has none", async () => {
    const address = `${receiver.url}/services/T000/B000/slack-error`;
    expect(await notifier.notify(provider("slack"), address, failure)).toEqual({ ok: true });
    expect(receiver.requestsTo("/services/T000/B000/slack-error")[0]?.json).toStrictEqual(slackShaped("danger", failure, []));
  });

  it("slack with a bot token: Bearer authorization; chat.postMessage's ok:false is a failure", async () => {
    receiver.answer("/api/chat.postMessage", { status: 200, body: '{"ok":true,"ts":"1.2"}' });
    const address = `${receiver.url}/api/chat.postMessage`;
    expect(await notifier.notify(provider("slack"), address, message, { token: "xoxb-test-token" })).toEqual({ ok: true });
    expect(receiver.requestsTo("/api/chat.postMessage")[0]?.headers.authorization).toBe("Bearer xoxb-test-token");

    receiver.answer("/api/chat.postMessage", { status: 200, body: '{"ok":false,"error":"channel_not_found"}' });
    expect(await notifier.notify(provider("slack"), address, message, { token: "xoxb-test-token" })).toEqual({
      ok: false,
      reason: "slack alert provider flagger/on-call: Slack API error: channel_not_found",
    });
  });

  it("discord: Slack's payload on the address with /slack appended (query kept, not doubled)", async () => {
    expect(await notifier.notify(provider("discord"), `${receiver.url}/api/webhooks/123/abc?wait=true`, failure)).toEqual({ ok: true });
    const [request] = receiver.requestsTo("/api/webhooks/123/abc/slack");
    expect(request?.target).toBe("/api/webhooks/123/abc/slack?wait=true");
    expect(request?.json).toStrictEqual(slackShaped("danger", failure, []));
    expect(payloadShapeProblems("slack", request?.json)).toEqual([]);

    await notifier.notify(provider("discord"), `${receiver.url}/api/webhooks/456/def/slack`, message);
    expect(receiver.requestsTo("/api/webhooks/456/def/slack")).toHaveLength(1);
    expect(receiver.requestsTo("/api/webhooks/456/def/slack/slack")).toHaveLength(0);
  });

  it("rocket: Slack's payload with Flagger's Rocket.Chat colours", async () => {
    await notifier.notify(provider("rocket"), `${receiver.url}/hooks/rocket-info`, message);
    await notifier.notify(provider("rocket"), `${receiver.url}/hooks/rocket-error`, failure);
    expect(receiver.requestsTo("/hooks/rocket-info")[0]?.json).toStrictEqual(slackShaped("#0076D7"));
    expect(receiver.requestsTo("/hooks/rocket-error")[0]?.json).toStrictEqual(slackShaped("#FF0000", failure, []));
    expect(payloadShapeProblems("slack", receiver.requestsTo("/hooks/rocket-info")[0]?.json)).toEqual([]);
  });

  it("msteams: Flagger's MessageCard", async () => {
    await notifier.notify(provider("msteams"), `${receiver.url}/webhookb2/teams-info`, message);
    await notifier.notify(provider("msteams"), `${receiver.url}/webhookb2/teams-error`, failure);
    const card = receiver.requestsTo("/webhookb2/teams-info")[0]?.json;
    expect(card).toStrictEqual({
      "@type": "MessageCard",
      "@context": "http://schema.org/extensions",
      themeColor: "0076D7",
      summary: "podinfo.test",
      sections: [{ activityTitle: message.message, activitySubtitle: "podinfo.test", facts: expectedFields }],
    });
    expect(payloadShapeProblems("msteams-messagecard", card)).toEqual([]);
    expect(receiver.requestsTo("/webhookb2/teams-error")[0]?.json).toMatchObject({ themeColor: "FF0000", sections: [{ facts: [] }] });
  });

  it("msteams on a Workflows address: an Adaptive Card (sent through a proxy to reach the public host name)", async () => {
    const proxy = await startForwardProxy({ upstream: new URL(receiver.url) });
    try {
      const address = "http://prod-42.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?sig=SECRETSIG";
      receiver.answer("/workflows/abc/triggers/manual/paths/invoke", { status: 202 });
      expect(await notifier.notify(provider("msteams", { proxy: proxy.url }), address, message)).toEqual({ ok: true });
      expect(proxy.requests).toEqual([{ method: "POST", target: address }]);
      const card = receiver.requestsTo("/workflows/abc/triggers/manual/paths/invoke")[0]?.json;
      expect(card).toStrictEqual({
        type: "message",
        attachments: [
          {
            contentType: "application/vnd.microsoft.card.adaptive",
            contentUrl: null,
            content: {
              $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
              type: "AdaptiveCard",
              version: "1.4",
              body: [
                { type: "TextBlock", text: message.message, weight: "Bolder", size: "Medium", wrap: true },
                { type: "TextBlock", text: "podinfo.test", isSubtle: true, spacing: "None", wrap: true },
                { type: "FactSet", facts: expectedFields.map((f) => ({ title: f.name, value: f.value })) },
              ],
            },
          },
        ],
      });
      expect(payloadShapeProblems("msteams-adaptivecard", card)).toEqual([]);
      expect(payloadShapeProblems("msteams-messagecard", card)).not.toEqual([]);
    } finally {
      await proxy.close();
    }
  });

  it("gchat: Flagger's card with Go's HTML escaping in the bytes", async () => {
    await notifier.notify(provider("gchat"), `${receiver.url}/v1/spaces/AAA/messages?key=k&token=t`, message);
    const [request] = receiver.requestsTo("/v1/spaces/AAA/messages");
    const grey = (text: string): string => `<font color=#848484><strong>${text}</strong></font>`;
    expect(request?.json).toStrictEqual({
      cards: [
        {
          header: { title: "canary-bot", subtitle: "podinfo.test" },
          sections: [
            { widgets: [{ textParagraph: { text: grey(message.message) } }] },
            ...expectedFields.map((f) => ({ widgets: [{ textParagraph: { text: `${f.name}<br>${grey(f.value)}` } }] })),
          ],
        },
      ],
    });
    expect(request?.body.startsWith('{"cards":[{"header":{"title":"canary-bot","subtitle":"podinfo.test"},"sections":[{"widgets":[{"textParagraph":{"text":"\\u003cfont color=#848484\\u003e\\u003cstrong\\u003eNew revision')).toBe(true);
    expect(payloadShapeProblems("gchat", request?.json)).toEqual([]);
  });
});

describe("HttpNotifier failures: a value, never the address", () => {
  const secretPath = "/services/T000/B000/VERY-SECRET-PATH";
  let address: string;
  beforeEach(() => {
    address = `${receiver.url}${secretPath}`;
  });

  it("a failing receiver is {ok:false}; an echoed address is masked", async () => {
    receiver.answer(secretPath, { status: 500, body: `invalid_token for ${address} (path ${secretPath})` });
    const result = await notifier.notify(provider("slack"), address, message);
    expect(result).toEqual({ ok: false, reason: "slack alert provider flagger/on-call: HTTP 500: invalid_token for [redacted] (path [redacted])" });
  });

  it("an empty error body, and a token echoed back", async () => {
    receiver.answer(secretPath, { status: 404 });
    expect(await notifier.notify(provider("rocket"), address, message)).toEqual({ ok: false, reason: "rocket alert provider flagger/on-call: HTTP 404: empty response body" });

    receiver.answer(secretPath, { status: 403, body: "bad token xoxb-top-secret" });
    const result = await notifier.notify(provider("slack"), address, message, { token: "xoxb-top-secret" });
    expect(result).toEqual({ ok: false, reason: "slack alert provider flagger/on-call: HTTP 403: bad token [redacted]" });
  });

  it("any 2xx is accepted", async () => {
    receiver.answer(secretPath, { status: 204 });
    expect(await notifier.notify(provider("msteams"), address, message)).toEqual({ ok: true });
  });

  it("connection refused and timeouts name no host or port", async () => {
    const port = await closedPort();
    const refused = await notifier.notify(provider("gchat"), `http://127.0.0.1:${String(port)}/v1/spaces/SECRET`, message);
    expect(refused).toEqual({ ok: false, reason: "gchat alert provider flagger/on-call: connection refused" });

    receiver.answer("/slow", { status: 200, delayMs: 3_000 });
    const slow = await new HttpNotifier({ timeoutMs: 150 }).notify(provider("rocket"), `${receiver.url}/slow`, message);
    expect(slow).toEqual({ ok: false, reason: "rocket alert provider flagger/on-call: timed out after 150 ms" });
  });

  it("an invalid address is refused without echoing it", async () => {
    const result = await notifier.notify(provider("slack"), "hooks.slack.com/services/T000/B000/SECRET", message);
    expect(result).toEqual({ ok: false, reason: "slack alert provider flagger/on-call: the address is not a valid http(s) URL" });
  });

  it("an unsupported proxy is refused without echoing its credentials", async () => {
    const result = await notifier.notify(provider("slack", { proxy: "socks5://admin:hunter22@proxy.internal:1080" }), address, message);
    expect(result).toEqual({ ok: false, reason: "slack alert provider flagger/on-call: spec.proxy must be an http:// URL" });
  });
});

describe("HttpNotifier through an HTTP proxy to an HTTPS receiver", () => {
  it("tunnels with CONNECT and proxy credentials", async () => {
    const certificate = selfSignedCertificate();
    const secure = await startAlertReceiver({ tls: certificate });
    const proxy = await startForwardProxy();
    try {
      const tlsNotifier = new HttpNotifier({ extraCaCertificates: [certificate.cert] });
      const result = await tlsNotifier.notify(provider("slack", { proxy: `http://relay:p%40ss@${proxy.url.slice("http://".length)}` }), `${secure.url}/services/T/B/tls`, message);
      expect(result).toEqual({ ok: true });
      const authority = secure.url.slice("https://".length);
      expect(proxy.requests).toEqual([{ method: "CONNECT", target: authority, proxyAuthorization: `Basic ${Buffer.from("relay:p@ss").toString("base64")}` }]);
      expect(secure.requestsTo("/services/T/B/tls")[0]?.json).toStrictEqual(slackShaped("good"));
    } finally {
      await proxy.close();
      await secure.close();
    }
  });

  it("still verifies the receiver's certificate inside the tunnel", async () => {
    const secure = await startAlertReceiver({ tls: selfSignedCertificate() });
    const proxy = await startForwardProxy();
    try {
      const result = await notifier.notify(provider("gchat", { proxy: proxy.url }), `${secure.url}/v1/spaces/AAA/messages`, message);
      expect(result).toEqual({ ok: false, reason: "gchat alert provider flagger/on-call: TLS certificate rejected (DEPTH_ZERO_SELF_SIGNED_CERT)" });
      expect(secure.requests).toHaveLength(0);
    } finally {
      await proxy.close();
      await secure.close();
    }
  });

  it("a proxy that refuses the tunnel is a failure without credentials in the reason", async () => {
    const proxy = await startForwardProxy({ refuseWith: 407 });
    try {
      const result = await notifier.notify(provider("slack", { proxy: `http://relay:hunter22@${proxy.url.slice("http://".length)}` }), "https://hooks.slack.com/services/T/B/SECRET", message);
      expect(result).toEqual({ ok: false, reason: "slack alert provider flagger/on-call: proxy refused the tunnel with HTTP 407" });
    } finally {
      await proxy.close();
    }
  });
});
