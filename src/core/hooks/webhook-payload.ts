import type { Phase } from "../machine/types.js";
import type { ResolvedWebhook } from "../spec/model.js";
import { sortedRecord } from "./marshal-json.js";

/**
 * Flagger's `CanaryWebhookPayload`. Same shape as the port's `WebhookPayload`; it is declared
 * here because the core imports nothing outside the core.
 */
export interface CanaryWebhookPayload {
  readonly name: string;
  readonly namespace: string;
  readonly phase: string;
  readonly checksum: string;
  /** Omitted when empty, as Go's `omitempty` does. */
  readonly metadata?: Readonly<Record<string, string>>;
}

/** What an `event` hook reports: one Kubernetes-style event of the rollout. */
export interface WebhookEvent {
  readonly message: string;
  readonly type: "Normal" | "Warning";
  /** Epoch milliseconds; sent as a decimal string, like Flagger. */
  readonly timestampMs: number;
}

/**
 * Where the rollout came from. Only sent when the operator opts in (see `buildWebhookPayload`).
 */
export interface RolloutContext {
  readonly revision?: string;
  readonly sourceCommit?: string;
  readonly pullRequest?: number;
}

export const CONTEXT_KEYS = {
  revision: "canary-bot.io/revision",
  sourceCommit: "canary-bot.io/source-commit",
  pullRequest: "canary-bot.io/pull-request",
} as const;

export interface PayloadInput {
  readonly canary: { readonly name: string; readonly namespace: string };
  readonly phase: Phase;
  readonly checksum: string;
  readonly hook: Pick<ResolvedWebhook, "metadata">;
  /** Present for `event` hooks only. */
  readonly event?: WebhookEvent;
  /** Opt-in extra keys; absent means the payload is exactly Flagger's. */
  readonly context?: RolloutContext;
}

/**
 * Builds the payload byte-compatible with Flagger: fields in Flagger's order, metadata keys sorted
 * (Go marshals maps that way) and `metadata` omitted when empty.
 *
 * Event hooks get `eventMessage`, `eventType` and `timestamp`, then the hook's own keys that do
 * not collide with those three (Flagger's rule: the event keys win).
 *
 * Extra context (`canary-bot.io/revision`, `canary-bot.io/source-commit`,
 * `canary-bot.io/pull-request`) is off by default. Adding keys is not harmless for every
 * receiver: a hook without metadata would suddenly carry some (flagger-loadtester then tries to
 * run it as a task), and strict receivers may reject unknown keys. When enabled, a key is only
 * added if the user's metadata does not already use it, so user keys always win.
 */
export function buildWebhookPayload(input: PayloadInput): CanaryWebhookPayload {
  // A Map, so keys like `constructor` or `__proto__` are ordinary keys.
  const metadata = new Map<string, string>();
  if (input.event) {
    metadata.set("eventMessage", input.event.message);
    metadata.set("eventType", input.event.type);
    metadata.set("timestamp", String(Math.trunc(input.event.timestampMs)));
  }
  for (const [key, value] of Object.entries(input.hook.metadata)) {
    if (!metadata.has(key)) metadata.set(key, value);
  }
  if (input.context) addContext(metadata, input.context);

  const base = {
    name: input.canary.name,
    namespace: input.canary.namespace,
    phase: input.phase,
    checksum: input.checksum,
  };
  return metadata.size === 0 ? base : { ...base, metadata: sortedRecord(Object.fromEntries(metadata)) };
}

function addContext(metadata: Map<string, string>, context: RolloutContext): void {
  const add = (key: string, value: string | undefined): void => {
    if (value !== undefined && value !== "" && !metadata.has(key)) metadata.set(key, value);
  };
  add(CONTEXT_KEYS.revision, context.revision);
  add(CONTEXT_KEYS.sourceCommit, context.sourceCommit);
  add(CONTEXT_KEYS.pullRequest, context.pullRequest === undefined ? undefined : String(context.pullRequest));
}
