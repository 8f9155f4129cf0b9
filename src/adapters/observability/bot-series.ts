/** The bot's own series (prefix `canary_bot_`): what Flagger has no counterpart for. */
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import { DEFAULT_BUCKETS } from "./flagger-series.js";

export interface BotSeries {
  readonly steps: Counter<"repo" | "canary">;
  readonly effects: Counter<"kind" | "outcome">;
  readonly ticks: Counter<"code">;
  readonly tickDuration: Histogram;
  readonly githubRequests: Counter<"method" | "status">;
  readonly rateLimitRemaining: Gauge<"resource">;
}

export function createBotSeries(registry: Registry): BotSeries {
  const registers = [registry];
  return {
    steps: new Counter({ name: "canary_bot_rollout_steps_total", help: "Step rows added to rollout records (one per analysis step, commit or halt).", labelNames: ["repo", "canary"], registers }),
    effects: new Counter({ name: "canary_bot_effects_total", help: "Effects of decisions carried out, by kind and outcome (done or failed).", labelNames: ["kind", "outcome"], registers }),
    ticks: new Counter({ name: "canary_bot_ticks_total", help: "Ticks that ended with a decision, by decision code.", labelNames: ["code"], registers }),
    tickDuration: new Histogram({ name: "canary_bot_tick_duration_seconds", help: "Wall-clock seconds one tick took: observe, decide, carry out, save.", buckets: [...DEFAULT_BUCKETS], registers }),
    githubRequests: new Counter({ name: "canary_bot_github_requests_total", help: "GitHub API calls by method and HTTP status (`error` when no response came).", labelNames: ["method", "status"], registers }),
    rateLimitRemaining: new Gauge({
      name: "canary_bot_github_rate_limit_remaining",
      help: "x-ratelimit-remaining of the last GitHub response, by x-ratelimit-resource (core, graphql, ...).",
      labelNames: ["resource"],
      registers,
    }),
  };
}

/** `canary_bot_queue_depth`, asked of the queue on every scrape; only registered when a queue can tell. */
export function createQueueDepthGauge(registry: Registry, queueDepth: () => Promise<number>): Gauge {
  return new Gauge({
    name: "canary_bot_queue_depth",
    help: "Work items waiting in the queue (NaN when the queue could not be asked).",
    registers: [registry],
    async collect(this: Gauge) {
      try {
        this.set(await queueDepth());
      } catch {
        // Unknown is not zero: an alert on a deep queue must not be silenced by a failing count.
        this.set(Number.NaN);
      }
    },
  });
}
