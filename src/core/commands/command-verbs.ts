/**
 * The manual commands people give in GitHub, as comment verbs (`/canary promote`) and as
 * check-run button identifiers (the same words, see core/render/check-run.ts).
 */
import type { Command } from "../machine/types.js";

export const COMMAND_VERBS = ["promote", "rollback", "pause", "resume", "retry"] as const;

export type CommandVerb = (typeof COMMAND_VERBS)[number];

export function isCommandVerb(text: string): text is CommandVerb {
  return COMMAND_VERBS.some((verb) => verb === text);
}

/** What each command does, as the help reply and the docs say it. */
export const COMMAND_DESCRIPTIONS: Readonly<Record<CommandVerb, string>> = {
  promote: "skip the remaining analysis and promote the canary",
  rollback: "route all traffic back to the primary and open a revert PR",
  pause: "hold the rollout at its current step",
  resume: "continue a paused rollout",
  retry: "run a failed rollout of the same revision again",
};

export function commandFor(verb: CommandVerb, by: string): Command {
  switch (verb) {
    case "promote":
      return { type: "promote", by };
    case "rollback":
      return { type: "rollback", by };
    case "pause":
      return { type: "pause", by };
    case "resume":
      return { type: "resume", by };
    case "retry":
      return { type: "retry", by };
  }
}
