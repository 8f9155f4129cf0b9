/**
 * The bot's Prometheus metrics: Flagger's series (so its dashboards and alerts work as they are)
 * and the bot's own, in a registry of their own. The engine feeds them through `events`, GitHub
 * clients through `observeOctokit`, and Prometheus reads them from `GET /metrics`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { collectDefaultMetrics, Registry } from "prom-client";
import type { HttpRoute } from "../http/request-handler.js";
import { createBotSeries, createQueueDepthGauge } from "./bot-series.js";
import { createFlaggerSeries, MESH_PROVIDER } from "./flagger-series.js";
import { isMetricsRequest, METRICS_PATH, serveMetrics } from "./metrics-endpoint.js";
import { octokitObserver, type ObservableOctokit } from "./octokit-observer.js";
import type { RolloutEvents } from "./rollout-events.js";
import { RolloutRecorder } from "./rollout-recorder.js";

export interface MetricsLog {
  warn(meta: object, message: string): void;
}

export interface MetricsOptions {
  /** The bot's version, shown as `flagger_info{version}`. */
  readonly version: string;
  /** Asked on every scrape for `canary_bot_queue_depth`; without it the series is not exported. */
  readonly queueDepth?: () => Promise<number>;
  /** Node.js process metrics (`canary_bot_process_*`, `canary_bot_nodejs_*`); default true. */
  readonly processMetrics?: boolean;
  /** Where a failure inside a metrics event goes; it never reaches the engine. */
  readonly log?: MetricsLog;
}

export interface Metrics {
  readonly registry: Registry;
  /** Pass as the engine's `events` (structurally `EngineEvents`). */
  readonly events: RolloutEvents;
  /** Counts an Octokit instance's calls; also usable as an Octokit plugin (`Octokit.plugin(observeOctokit)`). */
  readonly observeOctokit: (octokit: ObservableOctokit) => void;
  /**
   * A Probot `addHandler`-style handler: answers `/metrics` (GET/HEAD; 405 otherwise) and returns
   * true, returns false for every other path so the next handler runs.
   */
  readonly handler: (request: IncomingMessage, response: ServerResponse) => boolean;
  /** The same endpoint as a route for `createStatusHandler({ extra })` or `AppCollaborators.httpRoutes`. */
  readonly route: HttpRoute;
  /** The exposition text, as `GET /metrics` serves it. */
  readonly text: () => Promise<string>;
}

function guarded<E>(name: string, log: MetricsLog | undefined, handle: (event: E) => void): (event: E) => void {
  return (event) => {
    try {
      handle(event);
    } catch (error: unknown) {
      // A metrics bug must cost a data point, never a tick.
      log?.warn({ event: name, error: error instanceof Error ? error.message : String(error) }, "recording a metric failed");
    }
  };
}

export function createMetrics(options: MetricsOptions): Metrics {
  const registry = new Registry();
  const flagger = createFlaggerSeries(registry);
  const bot = createBotSeries(registry);
  if (options.queueDepth !== undefined) createQueueDepthGauge(registry, options.queueDepth);
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: "canary_bot_" });
  flagger.info.set({ version: options.version, mesh_provider: MESH_PROVIDER }, 1);

  const recorder = new RolloutRecorder(flagger, bot);
  const events: RolloutEvents = {
    tick: guarded("tick", options.log, (e) => { recorder.tick(e); }),
    effect: guarded("effect", options.log, (e) => { recorder.effect(e); }),
    rollout: guarded("rollout", options.log, (e) => { recorder.rollout(e); }),
    inventory: guarded("inventory", options.log, (e) => { recorder.inventory(e); }),
  };
  return {
    registry,
    events,
    observeOctokit: octokitObserver(bot),
    handler: (request, response) => {
      if (!isMetricsRequest(request)) return false;
      void serveMetrics(registry, request, response);
      return true;
    },
    route: { path: METRICS_PATH, handle: (request, response) => serveMetrics(registry, request, response) },
    text: () => registry.metrics(),
  };
}
