/**
 * The App's Octokit for a local GitHub API: the bot's own rate-limit and retry policy
 * (`probotOctokitOptions`), and plugin-throttling's handling of rate-limit answers, but without
 * its pacing of writes (one per second, and one per three seconds for anything that notifies
 * people). The local API has no secondary rate limits, and with the pacing a ten-step rollout
 * would take a minute of real time whatever the engine's clock says.
 */
import { ProbotOctokit } from "probot";
import type { OctokitLog } from "../../src/adapters/github/create-octokit.js";
import { probotOctokitOptions } from "../../src/app/probot-octokit.js";

/** plugin-throttling takes its limiter groups from the options; this one runs every job at once. */
const unpaced = {
  key: () => ({
    schedule: <T>(_options: unknown, job: (...args: unknown[]) => T, ...args: unknown[]): T => job(...args),
  }),
};

export function unpacedOctokit(log: OctokitLog): typeof ProbotOctokit {
  return ProbotOctokit.defaults((options: NonNullable<ConstructorParameters<typeof ProbotOctokit>[0]>) => {
    const withPolicy = probotOctokitOptions(options, log);
    return { ...withPolicy, throttle: { ...withPolicy.throttle, write: unpaced, notifications: unpaced } };
  });
}
