/**
 * `push`: a branch moved. The engine decides whether it is the tracked branch (the repository's
 * config says which) and whether the revision changed; here only tags and deletions are dropped.
 * Reasons: `push`, `push by <bot>[bot]` for another app, `push by <slug>[bot] (self)` for this one.
 */
import { isBot, origin, type EventBase } from "../payload-fields.js";
import { enqueue, ignore, type Routed } from "../routed.js";

export interface PushPayload extends EventBase {
  readonly ref: string;
  readonly after: string;
  readonly deleted: boolean;
}

const ZERO_SHA = /^0+$/;

export function pushReason(payload: Pick<PushPayload, "sender">, appSlug: string | undefined): string {
  const sender = payload.sender;
  if (sender === undefined || !isBot(sender)) return "push";
  const self = appSlug !== undefined && sender.login.toLowerCase() === `${appSlug}[bot]`.toLowerCase();
  return self ? `push by ${sender.login} (self)` : `push by ${sender.login}`;
}

export function routePush(payload: PushPayload, appSlug?: string): Routed {
  if (!payload.ref.startsWith("refs/heads/")) return ignore(`${payload.ref} is not a branch`);
  if (payload.deleted || ZERO_SHA.test(payload.after)) return ignore(`${payload.ref} was deleted`);
  return enqueue({ ...origin(payload), reason: pushReason(payload, appSlug), sha: payload.after });
}
