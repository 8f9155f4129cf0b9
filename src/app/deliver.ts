/**
 * Carries out a handler's decision within GitHub's 10-second budget: drop a delivery already
 * seen (GitHub keeps the delivery id when a delivery is redelivered), queue the work, or post
 * the one reply. A failing reply is logged, never thrown: GitHub does not redeliver failures,
 * so an error status would only mark the delivery red.
 */
import type { DeliveryLog } from "../ports/rollout-store.js";
import type { WorkItem } from "../ports/work-queue.js";
import type { EngineApi } from "../engine/engine-api.js";
import type { AppLog } from "./app-collaborators.js";
import type { Routed } from "./routed.js";

export interface Delivery {
  /** `X-GitHub-Delivery` */
  readonly id: string;
  /** Event and action, e.g. `issue_comment.created`. */
  readonly event: string;
  /** Posts a comment on the delivery's repository. */
  reply(issueNumber: number, body: string): Promise<void>;
}

export interface DeliverDeps {
  readonly engine: Pick<EngineApi, "enqueue">;
  readonly deliveries: DeliveryLog;
  readonly log: AppLog;
}

function describeItem(item: WorkItem): string {
  return `${item.repo}#${item.canary ?? (item.preview ? `preview/${String(item.preview.pullNumber)}` : "*")} (${item.reason})`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function deliver(delivery: Delivery, routed: Routed, deps: DeliverDeps): Promise<void> {
  const at = `delivery ${delivery.id} ${delivery.event}`;
  if (routed.kind === "ignore") {
    deps.log.debug(`${at}: ignored: ${routed.why}`);
    return;
  }
  if (!(await deps.deliveries.firstSeen(delivery.id))) {
    deps.log.info(`${at}: already handled, ignored`);
    return;
  }
  switch (routed.kind) {
    case "enqueue":
      for (const item of routed.items) {
        await deps.engine.enqueue(item);
        deps.log.info(`${at}: queued ${describeItem(item)}`);
      }
      return;
    case "reply":
      try {
        await delivery.reply(routed.issueNumber, routed.body);
        deps.log.info(`${at}: answered on #${String(routed.issueNumber)}: ${routed.why}`);
      } catch (error: unknown) {
        deps.log.error(`${at}: could not answer on #${String(routed.issueNumber)} (${routed.why}): ${messageOf(error)}`);
      }
      return;
  }
}
