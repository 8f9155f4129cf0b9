/**
 * Head branches of the pull requests the bot opens, named so a webhook about such a PR tells
 * which Canary it belongs to without an API call:
 * - promotion PR: `canary-bot/promote/<namespace>/<name>[/<suffix>]`
 * - revert PR (when the bot makes the branch itself): `canary-bot/revert/<namespace>/<name>/<suffix>`
 * A namespace has no `/` and neither has a Canary name, so the parts never run into each other
 * (a `-` separator would: `team-a-podinfo` has three readings).
 */
import { parseCanaryKey } from "./canary-key.js";

export type BotBranchKind = "promote" | "revert";

export interface CanaryRef {
  readonly namespace: string;
  readonly name: string;
}

export const BOT_BRANCH_PREFIX = "canary-bot/";

/** `suffix` (e.g. the revision) gives each promotion its own branch when one run replaces another. */
export function promotionBranch(canary: CanaryRef, suffix?: string): string {
  const base = `${BOT_BRANCH_PREFIX}promote/${canary.namespace}/${canary.name}`;
  return suffix === undefined ? base : `${base}/${suffix}`;
}

/** `suffix` keeps revert branches of successive rollbacks apart, e.g. the source's short SHA. */
export function revertBranch(canary: CanaryRef, suffix: string): string {
  return `${BOT_BRANCH_PREFIX}revert/${canary.namespace}/${canary.name}/${suffix}`;
}

export interface BotBranch {
  readonly kind: BotBranchKind;
  /** `namespace/name`; undefined for a bot branch in another form (the Canary is then unknown). */
  readonly canary?: string;
}

/** Reads a head ref (with or without `refs/heads/`); undefined when it is not a bot branch. */
export function parseBotBranch(ref: string): BotBranch | undefined {
  const branch = ref.replace(/^refs\/heads\//, "");
  if (!branch.startsWith(BOT_BRANCH_PREFIX)) return undefined;
  const [kind, namespace, name] = branch.slice(BOT_BRANCH_PREFIX.length).split("/");
  if (kind !== "promote" && kind !== "revert") return undefined;
  const canary = namespace !== undefined && name !== undefined ? parseCanaryKey(`${namespace}/${name}`) : undefined;
  return canary === undefined ? { kind } : { kind, canary };
}
