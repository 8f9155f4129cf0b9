/**
 * `check_run.requested_action` (a button on a Canary's check run) and `check_run.rerequested`
 * ("Re-run"). The run names its Canary in `external_id` (`namespace/name[@revision]`, see
 * core/commands/check-run-action.ts). GitHub sends these only to the App that owns the run.
 */
import { canaryOfCheckRun, commandFromCheckRunAction } from "../../core/commands/check-run-action.js";
import { isBot, origin, type EventBase } from "../payload-fields.js";
import { enqueue, ignore, type Routed } from "../routed.js";

export interface CheckRunPayload extends EventBase {
  readonly check_run: {
    readonly id: number;
    readonly name: string;
    readonly external_id?: string | null;
    readonly head_sha: string;
  };
  readonly requested_action?: { readonly identifier?: string | undefined } | null | undefined;
}

export function routeCheckRunAction(payload: CheckRunPayload): Routed {
  const run = payload.check_run;
  const identifier = payload.requested_action?.identifier ?? "";
  const sender = payload.sender;
  if (sender === undefined || isBot(sender)) return ignore(`button ${identifier} pressed by a bot`);
  const canary = canaryOfCheckRun({ externalId: run.external_id ?? null, name: run.name });
  // Without its Canary a button would act on every rollout of the repository: never guess.
  if (canary === undefined) return ignore(`check run ${String(run.id)} (${run.name}) names no Canary`);
  const command = commandFromCheckRunAction(identifier, sender.login);
  if (command === undefined) return ignore(`check run ${String(run.id)} has no button ${JSON.stringify(identifier)}`);
  return enqueue({
    ...origin(payload),
    canary,
    reason: `${identifier} button by @${sender.login}`,
    sha: run.head_sha,
    commands: [{ command, source: { kind: "check-run", checkRunId: run.id } }],
  });
}

export function routeCheckRunRerequested(payload: CheckRunPayload): Routed {
  const run = payload.check_run;
  const canary = canaryOfCheckRun({ externalId: run.external_id ?? null, name: run.name });
  const by = payload.sender === undefined ? "" : ` by @${payload.sender.login}`;
  // Another run of the bot's (the configuration check): reconcile the whole repository.
  return enqueue({ ...origin(payload), ...(canary === undefined ? {} : { canary }), reason: `check run re-run${by}`, sha: run.head_sha });
}

export interface CheckSuitePayload extends EventBase {
  readonly check_suite: { readonly head_sha: string };
}

/** "Re-run all checks": every Canary of the repository reports again. */
export function routeCheckSuiteRerequested(payload: CheckSuitePayload): Routed {
  const by = payload.sender === undefined ? "" : ` by @${payload.sender.login}`;
  return enqueue({ ...origin(payload), reason: `check suite re-run${by}`, sha: payload.check_suite.head_sha });
}
