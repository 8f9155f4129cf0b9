import type { Logger } from "pino";
import { Probot, Server, type ProbotOctokit } from "probot";
import { HttpNotifier } from "../adapters/alerts/http-notifier.js";
import type { HttpRoute } from "../adapters/http/request-handler.js";
import { SystemClock } from "../adapters/in-process/system-clock.js";
import { PrometheusMetricsProvider } from "../adapters/prometheus/prometheus-metrics-provider.js";
import { HttpWebhookCaller } from "../adapters/webhooks/http-webhook-caller.js";
import { createApp } from "../app/create-app.js";
import { probotOctokit } from "../app/probot-octokit.js";
import { Engine } from "../engine/engine.js";
import type { EngineEvents } from "../engine/engine-deps.js";
import { repoSettingsLoader } from "../engine/load-settings.js";
import type { Env } from "../env.js";
import type { GitHubClient } from "../adapters/github/github-client.js";
import type { Clock } from "../ports/clock.js";
import { loadClusters } from "./clusters.js";
import { githubPorts } from "./github-ports.js";
import { openState } from "./state.js";
import { createMetrics } from "../adapters/observability/create-metrics.js";
import type { Metrics } from "../adapters/observability/create-metrics.js";
import { packageVersion } from "../cli/version.js";

export interface GitHubAppCredentials {
  readonly appId: string;
  readonly privateKey: string;
  readonly webhookSecret: string;
  /** GitHub Enterprise Server or a test API: `https://ghe.example.com/api/v3`. */
  readonly baseUrl?: string;
}

export interface BotOptions {
  readonly credentials: GitHubAppCredentials;
  readonly env: Env;
  readonly log: Logger;
  readonly port: number;
  readonly host?: string;
  readonly clock?: Clock;
  /** Extra HTTP endpoints (e.g. `/metrics`) and engine events (metrics), from the process entry. */
  readonly httpRoutes?: readonly HttpRoute[];
  readonly events?: EngineEvents;
  readonly observeOctokit?: (octokit: GitHubClient) => void;
  /**
   * Probot's Octokit class (default: `probotOctokit(log)`, the bot's rate-limit and retry policy
   * with plugin-throttling's pacing of writes). A GitHub API without secondary rate limits, such
   * as a local one in end-to-end tests, may pass a class that keeps the policy but not the pacing.
   */
  readonly Octokit?: typeof ProbotOctokit;
}

export interface RunningBot {
  readonly port: number;
  readonly metrics: Metrics;
  readonly engine: Engine;
  readonly appSlug: string;
  stop(): Promise<void>;
}

/**
 * Builds and starts the whole GitHub App: Probot's server receiving signed webhooks, the engine
 * with its state (embedded or Redis), GitHub, cluster, metrics, webhook and alert adapters.
 */
export async function startBot(options: BotOptions): Promise<RunningBot> {
  const { env, log, credentials } = options;
  const clock = options.clock ?? new SystemClock();
  let queueDepth: () => Promise<number> = () => Promise.resolve(0);
  const metrics = createMetrics({ version: packageVersion(), queueDepth: () => queueDepth(), log });
  const ProbotWithDefaults = Probot.defaults({
    appId: credentials.appId,
    privateKey: credentials.privateKey,
    secret: credentials.webhookSecret,
    log,
    Octokit: (options.Octokit ?? probotOctokit(log)).plugin(metrics.observeOctokit),
    ...(credentials.baseUrl !== undefined ? { baseUrl: credentials.baseUrl } : {}),
    // Probot's throttling shares its rate-limit state through the same Redis as the engine.
    ...(env.REDIS_URL !== undefined ? { redisConfig: env.REDIS_URL } : {}),
  });
  const probot = new ProbotWithDefaults();
  const app = (await (await probot.auth()).rest.apps.getAuthenticated()).data;
  if (!app) throw new Error("GitHub did not return the App for these credentials");
  const appSlug = app.slug ?? String(app.id);

  const state = await openState({
    clock,
    ...(env.REDIS_URL !== undefined ? { redisUrl: env.REDIS_URL } : {}),
    dataDir: env.CANARY_BOT_DATA_DIR,
    concurrency: env.CANARY_BOT_CONCURRENCY,
    onError: (item, error) => {
      log.error({ repo: item.repo, canary: item.canary, reason: item.reason, err: error }, "work failed; it runs again later");
    },
    onRedisError: (error) => {
      log.error({ err: error }, "redis error");
    },
  });
  queueDepth = () => state.queue.depth();
  const clusters = await loadClusters({
    ...(env.CANARY_BOT_CLUSTERS_DIR !== undefined ? { dir: env.CANARY_BOT_CLUSTERS_DIR } : {}),
    inCluster: env.CANARY_BOT_IN_CLUSTER,
    applyDelayMs: env.CANARY_BOT_APPLY_DELAY,
  });
  const engine = new Engine({
    clock,
    store: state.store,
    queue: state.queue,
    metrics: new PrometheusMetricsProvider(),
    webhooks: new HttpWebhookCaller(),
    notifier: new HttpNotifier(),
    portsFor: githubPorts(probot, { slug: appSlug, id: app.id }, options.observeOctokit),
    loadSettings: repoSettingsLoader({ metricsServer: env.CANARY_BOT_METRICS_SERVER }),
    clusterFor: (settings) => clusters.clusterFor(settings),
    log,
    defaultMetricsServer: env.CANARY_BOT_METRICS_SERVER,
    ...(env.CANARY_BOT_CLUSTER_NAME !== undefined ? { clusterName: env.CANARY_BOT_CLUSTER_NAME } : {}),
    events: options.events ? combineEvents(metrics.events, options.events) : metrics.events,
  });

  const server = new Server({ Probot: ProbotWithDefaults, port: options.port, ...(options.host !== undefined ? { host: options.host } : {}), log });
  await server.load(
    createApp({
      engine,
      deliveries: state.deliveries,
      appSlug,
      ...(env.CANARY_BOT_STATUS_TOKEN !== undefined ? { statusToken: env.CANARY_BOT_STATUS_TOKEN } : {}),
      httpRoutes: [metrics.route, ...(options.httpRoutes ?? [])],
    }),
  );
  const http = await server.start();
  await engine.start();
  const address = http.address();
  const port = typeof address === "object" && address !== null ? address.port : options.port;
  log.info({ port, state: state.kind, clusters: clusters.names, app: appSlug }, "canary-bot started");
  return {
    port,
    metrics,
    engine,
    appSlug,
    async stop() {
      await engine.stop();
      await server.stop();
      await state.close();
    },
  };
}

/** Both listeners receive every engine event. */
function combineEvents(a: EngineEvents, b: EngineEvents): EngineEvents {
  return {
    tick: (e) => {
      a.tick?.(e);
      b.tick?.(e);
    },
    effect: (e) => {
      a.effect?.(e);
      b.effect?.(e);
    },
    rollout: (e) => {
      a.rollout?.(e);
      b.rollout?.(e);
    },
    inventory: (e) => {
      a.inventory?.(e);
      b.inventory?.(e);
    },
  };
}
