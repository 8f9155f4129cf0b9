import type { WebhookOutcome } from "../../core/machine/types.js";
import { scenarioWebhookStatus } from "../../core/scenario/lookup.js";
import type { Scenario } from "../../core/scenario/types.js";
import type { WebhookCall, WebhookCaller } from "../../ports/webhook-caller.js";

/** Webhook answers from a scenario file: each hook answers the status listed for its n-th call. */
export class ScenarioWebhookCaller implements WebhookCaller {
  readonly #scenario: Scenario;
  readonly #calls = new Map<string, number>();
  readonly calls: WebhookCall[] = [];

  constructor(scenario: Scenario) {
    this.#scenario = scenario;
  }

  call(call: WebhookCall): Promise<WebhookOutcome> {
    this.calls.push(call);
    const n = this.#calls.get(call.name) ?? 0;
    this.#calls.set(call.name, n + 1);
    const status = scenarioWebhookStatus(this.#scenario, call.name, n);
    const ok = status >= 200 && status <= 202;
    return Promise.resolve({
      name: call.name,
      type: call.type,
      ok,
      status,
      durationMs: 0,
      ...(ok ? {} : { detail: `scenario ${this.#scenario.file}: call ${String(n + 1)} answers ${String(status)}` }),
    });
  }
}
