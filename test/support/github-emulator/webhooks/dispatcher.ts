import { createHmac, randomUUID } from "node:crypto";
import { sign } from "@octokit/webhooks-methods";
import type { EmulatorLogEvent } from "../options.js";

export type DeliveryState = "queued" | "held" | "dropped" | "delivered" | "failed" | "skipped";

export interface DeliveryAttempt {
  readonly at: string;
  readonly status: number | undefined;
  readonly error: string | undefined;
}

export interface DeliveryRecord {
  /** `X-GitHub-Delivery`; a duplicate or a redelivery keeps the original's GUID, as GitHub does. */
  readonly id: string;
  readonly event: string;
  readonly action: string | undefined;
  readonly installationId: number | undefined;
  readonly payload: Readonly<Record<string, unknown>>;
  /** The exact bytes that are signed and sent. */
  readonly body: string;
  state: DeliveryState;
  readonly attempts: DeliveryAttempt[];
  /** True for the extra copy made by a `duplicate` rule or by {@link WebhookDispatcher.redeliver}. */
  readonly duplicate: boolean;
}

export interface DeliveryFilter {
  readonly event?: string;
  readonly action?: string;
}

export type InterceptMode = "hold" | "drop" | "duplicate";

export interface InterceptRule extends DeliveryFilter {
  readonly mode: InterceptMode;
  /** How many matching deliveries the rule applies to (default: all until cancelled). */
  readonly times?: number;
}

export interface InterceptHandle {
  cancel(): void;
}

interface ActiveRule {
  readonly rule: InterceptRule;
  remaining: number | undefined;
}

function matches(filter: DeliveryFilter, delivery: { event: string; action: string | undefined }): boolean {
  return (filter.event === undefined || filter.event === delivery.event) && (filter.action === undefined || filter.action === delivery.action);
}

export interface DispatcherOptions {
  readonly secret: string;
  readonly url: string | undefined;
  readonly appId: () => number | undefined;
  readonly now: () => Date;
  readonly log: (event: EmulatorLogEvent) => void;
}

/**
 * Outgoing webhook deliveries: signed like GitHub's (`X-Hub-Signature-256` via
 * @octokit/webhooks-methods), sent one at a time in the order they happened, recorded with
 * their outcome. Rules can hold (until {@link release}), drop or duplicate deliveries, so
 * tests can reproduce lost, late, reordered and repeated events.
 */
export class WebhookDispatcher {
  readonly secret: string;
  private url: string | undefined;
  private readonly options: DispatcherOptions;
  private readonly records: DeliveryRecord[] = [];
  private readonly queue: DeliveryRecord[] = [];
  private readonly rules: ActiveRule[] = [];
  private running: Promise<void> | undefined;

  constructor(options: DispatcherOptions) {
    this.options = options;
    this.secret = options.secret;
    this.url = options.url;
  }

  /** Where deliveries go; undefined records them as `skipped`. */
  setTarget(url: string | undefined): void {
    this.url = url;
  }

  get target(): string | undefined {
    return this.url;
  }

  intercept(rule: InterceptRule): InterceptHandle {
    const active: ActiveRule = { rule, remaining: rule.times };
    this.rules.push(active);
    return {
      cancel: () => {
        const index = this.rules.indexOf(active);
        if (index >= 0) this.rules.splice(index, 1);
      },
    };
  }

  private takeRule(event: string, action: string | undefined): InterceptMode | undefined {
    for (const active of this.rules) {
      if (!matches(active.rule, { event, action })) continue;
      if (active.remaining !== undefined) {
        active.remaining -= 1;
        if (active.remaining <= 0) this.rules.splice(this.rules.indexOf(active), 1);
      }
      return active.rule.mode;
    }
    return undefined;
  }

  /** Records a delivery and schedules it according to the intercept rules. */
  enqueue(event: string, payload: Record<string, unknown>, installationId: number | undefined): DeliveryRecord {
    const action = typeof payload.action === "string" ? payload.action : undefined;
    const record: DeliveryRecord = {
      id: randomUUID(),
      event,
      action,
      installationId,
      payload,
      body: JSON.stringify(payload),
      state: "queued",
      attempts: [],
      duplicate: false,
    };
    this.records.push(record);
    const mode = this.takeRule(event, action);
    if (mode === "hold") {
      record.state = "held";
    } else if (mode === "drop") {
      record.state = "dropped";
    } else {
      this.queue.push(record);
      if (mode === "duplicate") this.queue.push(this.copyOf(record));
      this.pump();
    }
    return record;
  }

  private copyOf(record: DeliveryRecord): DeliveryRecord {
    const copy: DeliveryRecord = { ...record, state: "queued", attempts: [], duplicate: true };
    this.records.push(copy);
    return copy;
  }

  /** Every delivery so far, oldest first, optionally filtered. */
  deliveries(filter: DeliveryFilter = {}): readonly DeliveryRecord[] {
    return this.records.filter((r) => matches(filter, r));
  }

  /** Sends held deliveries (all, or those matching), oldest first or in reverse. */
  release(filter: DeliveryFilter & { readonly order?: "oldest-first" | "newest-first" } = {}): number {
    const held = this.records.filter((r) => r.state === "held" && matches(filter, r));
    if (filter.order === "newest-first") held.reverse();
    for (const record of held) {
      record.state = "queued";
      this.queue.push(record);
    }
    this.pump();
    return held.length;
  }

  /** Sends a recorded delivery again with the same GUID, as "Redeliver" does on GitHub. */
  redeliver(id: string): DeliveryRecord {
    const original = this.records.find((r) => r.id === id && !r.duplicate);
    if (!original) throw new Error(`no delivery with id ${id}`);
    const copy = this.copyOf(original);
    this.queue.push(copy);
    this.pump();
    return copy;
  }

  /** Resolves once every queued delivery has been attempted (held ones are not waited for). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  private pump(): void {
    if (this.running) return;
    this.running = (async () => {
      try {
        for (let next = this.queue.shift(); next; next = this.queue.shift()) await this.send(next);
      } finally {
        this.running = undefined;
      }
    })();
  }

  private async send(record: DeliveryRecord): Promise<void> {
    const at = this.options.now().toISOString();
    const url = this.url;
    if (url === undefined) {
      record.state = "skipped";
      return;
    }
    const appId = this.options.appId();
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/emulator",
      "x-github-event": record.event,
      "x-github-delivery": record.id,
      "x-github-hook-id": String(appId ?? 0),
      "x-github-hook-installation-target-type": "integration",
      "x-github-hook-installation-target-id": String(appId ?? 0),
      "x-hub-signature": `sha1=${createHmac("sha1", this.secret).update(record.body).digest("hex")}`,
      "x-hub-signature-256": await sign(this.secret, record.body),
    };
    try {
      const response = await fetch(url, { method: "POST", headers, body: record.body, signal: AbortSignal.timeout(10_000) });
      await response.arrayBuffer();
      record.attempts.push({ at, status: response.status, error: undefined });
      record.state = response.ok ? "delivered" : "failed";
      if (!response.ok) {
        this.options.log({ level: "warn", message: "webhook delivery failed", details: { id: record.id, event: record.event, status: response.status } });
      }
    } catch (error: unknown) {
      const message = error instanceof Error ? error.message : String(error);
      record.attempts.push({ at, status: undefined, error: message });
      record.state = "failed";
      this.options.log({ level: "warn", message: "webhook delivery failed", details: { id: record.id, event: record.event, error: message } });
    }
  }
}
