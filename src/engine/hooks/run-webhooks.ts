import { hooksOfType } from "../../core/hooks/hooks-of-type.js";
import { buildWebhookPayload, type RolloutContext, type WebhookEvent } from "../../core/hooks/webhook-payload.js";
import type { CallWebhooksEffect, Phase, WebhookOutcome, WebhookRequest } from "../../core/machine/types.js";
import type { ResolvedCanary, ResolvedWebhook } from "../../core/spec/model.js";
import type { WebhookCall, WebhookCaller } from "../../ports/webhook-caller.js";

export interface WebhookRunContext {
  readonly canary: ResolvedCanary;
  /** `webhookChecksum` of the revision being rolled out. */
  readonly checksum: string;
  /** Opt-in `canary-bot.io/*` metadata keys; absent keeps payloads identical to Flagger's. */
  readonly rolloutContext?: RolloutContext;
}

/**
 * Runs the gating hooks of one request type in spec order and returns what was called, in order.
 *
 * - `rollback`: stops at the first hook that answers 2xx (≤ 202), which signals a rollback;
 *   failing hooks mean "no rollback" and the next one is tried (Flagger's runRollbackHooks).
 * - every other type: stops at the first failure, which halts or waits (Flagger's
 *   run*Hooks and the rollout hooks in runAnalysis).
 *
 * Never throws: the caller turns transport errors into outcomes.
 */
export async function runGatingWebhooks(caller: WebhookCaller, request: WebhookRequest, context: WebhookRunContext): Promise<readonly WebhookOutcome[]> {
  const outcomes: WebhookOutcome[] = [];
  const stopOn = request.type === "rollback";
  for (const hook of hooksOfType(context.canary, request.type)) {
    const outcome = await caller.call(toCall(hook, request.phase, context));
    outcomes.push(outcome);
    if (outcome.ok === stopOn) break;
  }
  return outcomes;
}

export interface NotifyingRunInput extends WebhookRunContext {
  /** Epoch ms of the event, for `metadata.timestamp`. */
  readonly now: number;
  /**
   * Global event sink (Flagger's `-event-webhook`): used for `event` effects only when the Canary
   * has no `event` hook of its own.
   */
  readonly eventWebhookUrl?: string;
}

/**
 * Runs every `post-rollout` or `event` hook of the effect, one after the other in spec order, and
 * records all outcomes. Their answers decide nothing. Flagger stops its post-rollout loop at the
 * first failure; here one failing hook (say, a chat relay) no longer keeps the others (say, a
 * cleanup job) from running.
 */
export async function runNotifyingWebhooks(caller: WebhookCaller, effect: CallWebhooksEffect, input: NotifyingRunInput): Promise<readonly WebhookOutcome[]> {
  let hooks = hooksOfType(input.canary, effect.type);
  if (effect.type === "event" && hooks.length === 0 && input.eventWebhookUrl !== undefined && input.eventWebhookUrl !== "") {
    hooks = [globalEventHook(input.eventWebhookUrl)];
  }
  const event: WebhookEvent | undefined =
    effect.type === "event"
      ? { message: effect.eventMessage ?? "", type: effect.eventType ?? "Normal", timestampMs: input.now }
      : undefined;
  const outcomes: WebhookOutcome[] = [];
  for (const hook of hooks) {
    outcomes.push(await caller.call(toCall(hook, effect.phase, input, event)));
  }
  return outcomes;
}

function toCall(hook: ResolvedWebhook, phase: Phase, context: WebhookRunContext, event?: WebhookEvent): WebhookCall {
  return {
    name: hook.name,
    type: hook.type,
    url: hook.url,
    timeoutMs: hook.timeoutMs,
    retries: hook.retries,
    disableTLS: hook.disableTLS,
    payload: buildWebhookPayload({
      canary: context.canary,
      phase,
      checksum: context.checksum,
      hook,
      ...(event ? { event } : {}),
      ...(context.rolloutContext ? { context: context.rolloutContext } : {}),
    }),
  };
}

/** Flagger builds `{name: "events", url}` with every other field at its default. */
function globalEventHook(url: string): ResolvedWebhook {
  return { name: "events", type: "event", url, timeoutMs: 10_000, retries: 0, metadata: {}, muteAlert: false, disableTLS: false };
}
