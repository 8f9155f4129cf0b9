import { describe, expect, it } from "vitest";
import { resolveProviderTarget } from "../../../../src/core/alerts/provider-target.js";
import { selectAlertProviders } from "../../../../src/core/alerts/select-alert-providers.js";
import type { AlertProviderType, ResolvedAlert, ResolvedAlertProvider, Severity } from "../../../../src/core/spec/model.js";
import { makeCanary } from "../../../support/canary-builder.js";

function provider(name: string, type: AlertProviderType, extra: Partial<ResolvedAlertProvider> = {}): ResolvedAlertProvider {
  return {
    name,
    namespace: "flagger",
    file: "alerts/providers.yaml",
    location: { file: "alerts/providers.yaml", line: 1, column: 1 },
    type,
    channel: "general",
    username: "flagger",
    ...extra,
  };
}

function alert(name: string, severity: Severity, providerName: string): ResolvedAlert {
  return { name, severity, providerRef: { name: providerName, namespace: "flagger" } };
}

const providers = [provider("on-call", "slack"), provider("team", "msteams"), provider("chat", "gchat")];

describe("selectAlertProviders", () => {
  it("a Canary without alerts goes to the global notifier, whatever the severity", () => {
    expect(selectAlertProviders(makeCanary(), "info", providers)).toEqual({ kind: "global" });
    expect(selectAlertProviders(makeCanary(), "error", providers)).toEqual({ kind: "global" });
  });

  const canary = makeCanary({
    analysis: { alerts: [alert("everything", "info", "chat"), alert("failures", "error", "on-call"), alert("attention", "warn", "team")] },
  });

  it.each([
    ["info", ["chat"]],
    ["warn", ["chat", "team"]],
    ["error", ["chat", "on-call", "team"]],
  ] as const)("a %s notification goes to %j, in the Canary's alert order", (severity, expected) => {
    const routing = selectAlertProviders(canary, severity, providers);
    expect(routing.kind).toBe("providers");
    if (routing.kind !== "providers") return;
    expect(routing.deliveries.map((d) => d.provider.name)).toEqual(expected);
    expect(routing.missing).toEqual([]);
  });

  it("reports alerts whose provider does not exist and still delivers the others", () => {
    const withMissing = makeCanary({ analysis: { alerts: [alert("gone", "info", "deleted"), alert("ok", "info", "on-call")] } });
    const routing = selectAlertProviders(withMissing, "warn", providers);
    expect(routing).toEqual({
      kind: "providers",
      deliveries: [{ alert: alert("ok", "info", "on-call"), provider: providers[0] }],
      missing: [{ alert: alert("gone", "info", "deleted"), reason: 'alert "gone": AlertProvider flagger/deleted not found' }],
    });
  });

  it("matches providers by namespace as well as name", () => {
    const other = makeCanary({ analysis: { alerts: [{ name: "x", severity: "info", providerRef: { name: "on-call", namespace: "test" } }] } });
    const routing = selectAlertProviders(other, "info", providers);
    expect(routing.kind === "providers" ? routing.missing.map((m) => m.reason) : []).toEqual(['alert "x": AlertProvider test/on-call not found']);
  });
});

describe("resolveProviderTarget", () => {
  const address = "https://hooks.slack.com/services/T000/B000/XXXX";

  it("uses spec.address without a secretRef", () => {
    expect(resolveProviderTarget(provider("p", "slack", { address }), undefined)).toEqual({ ok: true, target: { address } });
  });

  it("the Secret's address overrides spec.address, and its token is passed on", () => {
    const p = provider("p", "slack", { address: "https://ignored.example", secretRef: { name: "on-call-url" } });
    expect(resolveProviderTarget(p, { address, token: "xoxb-1" })).toEqual({ ok: true, target: { address, token: "xoxb-1" } });
    expect(resolveProviderTarget(p, { address })).toEqual({ ok: true, target: { address } });
  });

  it("explains what is missing without revealing anything secret", () => {
    const p = provider("p", "slack", { address, secretRef: { name: "on-call-url" } });
    expect(resolveProviderTarget(p, undefined)).toEqual({ ok: false, reason: "AlertProvider flagger/p: Secret flagger/on-call-url not found" });
    expect(resolveProviderTarget(p, { token: "xoxb-1" })).toEqual({ ok: false, reason: 'AlertProvider flagger/p: Secret flagger/on-call-url has no "address" key' });
    expect(resolveProviderTarget(provider("q", "gchat"), undefined)).toEqual({ ok: false, reason: "AlertProvider flagger/q: neither spec.address nor spec.secretRef is set" });
  });
});
