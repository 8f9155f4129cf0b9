/**
 * Check-run buttons. GitHub sends `check_run.requested_action` with the button's identifier and
 * the run, so the run must say which Canary it reports on. A Canary's run is named
 * `canary-bot: namespace/name` (core/render/check-run.ts) and its `external_id` is the Canary's
 * `namespace/name`, optionally followed by `@<revision>`. The bot's other runs
 * (`canary-bot: plan`, `canary-bot: config`) belong to no Canary, whatever their external id.
 */
import type { Command } from "../machine/types.js";
import { parseCanaryKey } from "./canary-key.js";
import { commandFor, isCommandVerb } from "./command-verbs.js";

/** The external id the engine gives a Canary's check run: `namespace/name[@revision]`. */
export function checkRunExternalId(canary: { readonly namespace: string; readonly name: string }, revision?: string): string {
  const key = `${canary.namespace}/${canary.name}`;
  return revision === undefined ? key : `${key}@${revision}`;
}

const NAME_PREFIX = "canary-bot: ";

/**
 * The Canary (`namespace/name`) a check run reports on, or undefined when the run is not a
 * Canary's. The name decides for the bot's own runs; the external id (also read in the form
 * `owner/repo#namespace/name`) serves runs with another name.
 */
export function canaryOfCheckRun(run: { readonly externalId?: string | null; readonly name?: string }): string | undefined {
  const name = run.name ?? "";
  if (name.startsWith(NAME_PREFIX)) return parseCanaryKey(name.slice(NAME_PREFIX.length).trim());
  const external = run.externalId ?? "";
  const withoutRepo = external.includes("#") ? external.slice(external.lastIndexOf("#") + 1) : external;
  return parseCanaryKey(withoutRepo.split("@")[0] ?? "");
}

/** The command behind a check-run button, or undefined for an identifier the bot never sets. */
export function commandFromCheckRunAction(identifier: string, by: string): Command | undefined {
  return isCommandVerb(identifier) ? commandFor(identifier, by) : undefined;
}
