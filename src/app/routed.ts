/**
 * What a webhook handler decided, as data: the work to enqueue, one reply to post, or nothing.
 * `deliver.ts` carries it out; the handlers themselves stay pure and testable.
 */
import type { WorkItem } from "../ports/work-queue.js";

export type Routed =
  | { readonly kind: "enqueue"; readonly items: readonly WorkItem[] }
  /** A `/canary` line the bot could not read (or `/canary help`): answered here, nothing queued. */
  | { readonly kind: "reply"; readonly issueNumber: number; readonly body: string; readonly why: string }
  | { readonly kind: "ignore"; readonly why: string };

export function enqueue(...items: WorkItem[]): Routed {
  return { kind: "enqueue", items };
}

export function ignore(why: string): Routed {
  return { kind: "ignore", why };
}
