/** Which part of a rollout a decision belongs to. */
import type { PlanCode } from "../machine/types.js";
import type { StepStage } from "./types.js";

export function stageOf(code: PlanCode): StepStage {
  switch (code) {
    case "rollout-started":
    case "run-restarted":
    case "initialized":
    case "bootstrap-required":
    case "waiting-confirm-rollout":
      return "start";
    case "weight-increased":
    case "iteration-advanced":
    case "mirroring-started":
    case "traffic-switched":
    case "check-failed":
    case "halted-traffic-increase":
    case "no-step-configured":
    case "waiting-applied":
    case "waiting-interval":
    case "waiting-canary-ready":
    case "waiting-primary-ready":
    case "paused":
    case "command-not-applicable":
    case "suspended":
    case "up-to-date":
    case "terminating":
    case "waiting-cancelled":
    case "run-cancelled":
      return "analysis";
    case "waiting-promotion":
    case "promotion-pr-opened":
    case "waiting-promotion-review":
    case "promotion-started":
    case "promotion-traffic-shifted":
    case "finalising":
    case "succeeded":
    case "rolled-back":
    case "promotion-failed":
      return "promotion";
  }
}
