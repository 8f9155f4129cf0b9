/**
 * canary-bot's whole GitHub App (`startBot`: Probot's server with signed webhooks, the engine,
 * embedded or Redis state) against the local GitHub API emulator, on one repository seeded
 * with the example GitOps layout, a local Prometheus stub and a local load tester. The engine
 * runs on a ScaledClock, so a one-minute analysis interval takes about a tenth of a second.
 *
 * People in the emulated organisation `acme`:
 * - olga: organisation owner (admin on every repository), merges pull requests;
 * - alice: write collaborator, opens pull requests;
 * - tess: member of the team `acme/platform` (write on the repository);
 * - rita: read-only collaborator;
 * - mona: organisation member without any grant on the repository (read through the base role).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ScaledClock } from "../../src/adapters/in-process/system-clock.js";
import type { RolloutSummary } from "../../src/engine/engine-api.js";
import { parseEnv } from "../../src/env.js";
import { startBot, type RunningBot } from "../../src/wiring/start-bot.js";
import { startApiFront, type ApiFront } from "./bot-harness-api-front.js";
import { memoryLog, type MemoryLog } from "./bot-harness-log.js";
import { unpacedOctokit } from "./bot-harness-octokit.js";
import { HEALTHY, startMetricsStub, type MetricValues, type MetricsStub } from "./bot-harness-metrics.js";
import { startRoundRobinProxy, type RoundRobinProxy } from "./bot-harness-proxy.js";
import { CANARY_KEY, CHECK_NAME, DEPLOYMENT_PATH, seedFiles, withImage } from "./bot-harness-repo.js";
import { history, type HistoryCommit } from "./bot-harness-history.js";
import { waitFor, type WaitOptions } from "./bot-harness-wait.js";
import {
  startGitHubEmulator,
  type EmulatorLogEvent,
  type GitHubEmulator,
  type ProtectionSeed,
  type RepoHandle,
} from "./github-emulator/index.js";
import { startLoadtester, type Loadtester } from "./loadtester.js";
import { freePort } from "./prometheus.js";

export const OWNER = "acme";
export const REPO_NAME = "deploy";
export const FULL_NAME = `${OWNER}/${REPO_NAME}`;
export const WEBHOOK_PATH = "/api/github/webhooks";
export const BOOTSTRAP_BRANCH = `canary-bot/bootstrap/${CANARY_KEY}`;

export const PEOPLE = {
  owner: "olga",
  writer: "alice",
  teamMember: "tess",
  reader: "rita",
  outsider: "mona",
} as const;

export interface BotHarnessOptions {
  /** `.github/canary-bot.yml` (default: no cluster, 20 s apply delay). */
  readonly config?: string;
  /** Seed the repository without the Canary (a test pushes it). */
  readonly withoutCanary?: boolean;
  /** Virtual milliseconds per real millisecond (default 600: one minute in 100 ms). */
  readonly speed?: number;
  readonly metrics?: MetricValues;
  /** Several replicas share this Redis (REDIS_URL); without it each bot is embedded. */
  readonly redisUrl?: string;
  /** How many bot instances (default 1); more than one needs `redisUrl`, and a proxy spreads deliveries. */
  readonly replicas?: number;
  readonly protection?: Readonly<Record<string, ProtectionSeed>>;
}

/** One running (or stopped) canary-bot process, in this test process. */
export interface BotInstance {
  readonly name: string;
  readonly dataDir: string;
  readonly log: MemoryLog;
  /** `http://127.0.0.1:<port>` while running. */
  readonly url: string | undefined;
  readonly running: RunningBot | undefined;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface BumpResult {
  readonly pr: number;
  readonly branch: string;
  /** The PR's head: where the rollout's check run lives. */
  readonly headSha: string;
  readonly mergeSha: string;
}

export interface BotHarness {
  readonly gh: GitHubEmulator;
  /** What the App uses as GitHub's API: the emulator, plus the endpoints it lacks and hooks to act mid-request. */
  readonly api: ApiFront;
  readonly repo: RepoHandle;
  readonly metrics: MetricsStub;
  readonly loadtester: Loadtester;
  readonly clock: ScaledClock;
  readonly bots: readonly BotInstance[];
  /** The first bot: the only one unless `replicas` was set. */
  readonly bot: BotInstance;
  readonly proxy: RoundRobinProxy | undefined;
  readonly emulatorLog: readonly EmulatorLogEvent[];
  /** Installs the App on `acme` (installation.created to the bot). */
  install(): number;
  /** Waits for the bootstrap PR, merges it as the owner, waits until the rollout is Initialized. */
  bootstrap(): Promise<{ readonly pr: number; readonly mergeSha: string }>;
  /** The writer bumps podinfo's image in a PR, the owner merges it: the change a rollout is about. */
  mergeBump(tag: string, options?: { readonly title?: string }): Promise<BumpResult>;
  /** Stops a bot (default: the first) and starts it again on the same data directory and port. */
  restart(instance?: BotInstance): Promise<void>;
  /** First-parent history of main, oldest first. */
  mainHistory(): Promise<HistoryCommit[]>;
  /** Bounded polling with the bots' logs in the failure message. */
  waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, options?: WaitOptions): Promise<T>;
  waitForCommit(subject: string | RegExp, options?: WaitOptions): Promise<HistoryCommit>;
  waitForCheckRun(sha: string, conclusion: string, options?: WaitOptions & { readonly name?: string }): Promise<CheckRunView>;
  waitForPullRequest(what: string, predicate: (pr: PullView) => boolean, options?: WaitOptions): Promise<PullView>;
  waitForRollout(what: string, predicate: (r: RolloutSummary) => boolean, options?: WaitOptions): Promise<RolloutSummary>;
  waitForComment(what: string, pr: number, predicate: (c: CommentView) => boolean, options?: WaitOptions): Promise<CommentView>;
  /** The bot's sticky comment(s) on a PR for the Canary (a correct bot keeps exactly one). */
  stickyComments(pr: number): CommentView[];
  /** Comments on a PR that are not the sticky one (replies). */
  comments(pr: number): CommentView[];
  checkRuns(sha: string, name?: string): CheckRunView[];
  /** The rollout as the running bot's engine reports it. */
  rollout(): Promise<RolloutSummary | undefined>;
  /** Recent bot log lines, for failure messages. */
  context(): string;
  close(): Promise<void>;
}

export type PullView = NonNullable<ReturnType<RepoHandle["pullRequest"]>>;
export type CheckRunView = ReturnType<RepoHandle["checkRuns"]>[number];
export type CommentView = ReturnType<RepoHandle["comments"]>[number];

export const STICKY_MARKER = `<!-- canary-bot:${CANARY_KEY} -->`;

function webhookUrl(base: string): string {
  return `${base}${WEBHOOK_PATH}`;
}

export async function startBotHarness(options: BotHarnessOptions = {}): Promise<BotHarness> {
  const replicas = options.replicas ?? 1;
  if (replicas > 1 && options.redisUrl === undefined) throw new Error("several replicas need a shared Redis (redisUrl)");
  const cleanups: (() => Promise<void>)[] = [];
  const emulatorLog: EmulatorLogEvent[] = [];
  try {
    const metrics = await startMetricsStub(options.metrics ?? HEALTHY);
    cleanups.push(() => metrics.close());
    const loadtester = await startLoadtester();
    cleanups.push(() => loadtester.close());

    const gh = await startGitHubEmulator({
      orgs: [
        {
          login: OWNER,
          members: { olga: "admin", alice: "member", tess: "member", rita: "member", mona: "member" },
          teams: [{ slug: "platform", members: { tess: "member" }, repos: { [REPO_NAME]: "write" } }],
        },
      ],
      repos: [
        {
          owner: OWNER,
          name: REPO_NAME,
          files: seedFiles({
            prometheusUrl: metrics.url,
            loadtesterUrl: loadtester.url,
            ...(options.config !== undefined ? { config: options.config } : {}),
            ...(options.withoutCanary ? { withoutCanary: true } : {}),
          }),
          collaborators: { alice: "write", rita: "read" },
          ...(options.protection ? { protection: options.protection } : {}),
        },
      ],
      // The App is installed by the test (installation.created), as a person would.
      installations: [],
      log: (event) => {
        emulatorLog.push(event);
      },
    });
    cleanups.push(() => gh.close());
    const repo = gh.repo(FULL_NAME);
    const api = await startApiFront(gh);
    cleanups.push(() => api.close());

    const clock = new ScaledClock(Date.now(), options.speed ?? 600);
    const dirs: string[] = [];
    cleanups.push(async () => {
      for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    });

    const bots: BotInstance[] = [];
    let proxy: RoundRobinProxy | undefined;
    const retarget = () => {
      const urls = bots.flatMap((b) => (b.url !== undefined ? [b.url] : []));
      if (proxy) proxy.setTargets(urls);
      else gh.webhooks.setTarget(urls[0] !== undefined ? webhookUrl(urls[0]) : undefined);
    };

    const makeInstance = async (name: string): Promise<BotInstance> => {
      const dataDir = await mkdtemp(join(tmpdir(), `canary-bot-${name}-`));
      dirs.push(dataDir);
      const log = memoryLog(name);
      let running: RunningBot | undefined;
      let port: number | undefined;
      const instance: BotInstance = {
        name,
        dataDir,
        log,
        get url() {
          return running ? `http://127.0.0.1:${String(running.port)}` : undefined;
        },
        get running() {
          return running;
        },
        async start() {
          if (running) return;
          const env = parseEnv({
            CANARY_BOT_DATA_DIR: dataDir,
            CANARY_BOT_METRICS_SERVER: metrics.url,
            CANARY_BOT_APPLY_DELAY: "20s",
            LOG_LEVEL: "debug",
            ...(options.redisUrl !== undefined ? { REDIS_URL: options.redisUrl } : {}),
          });
          // Probot's Server reads port 0 as "3000": take a free port (the same one again on a restart).
          for (let attempt = 1; ; attempt++) {
            port ??= await freePort();
            try {
              running = await startBot({
                credentials: { appId: String(gh.app.id), privateKey: gh.app.privateKey, webhookSecret: gh.app.webhookSecret, baseUrl: api.url },
                env,
                log: log.logger,
                Octokit: unpacedOctokit(log.logger),
                port,
                host: "127.0.0.1",
                clock,
              });
              break;
            } catch (error: unknown) {
              const inUse = error instanceof Error && /EADDRINUSE|already in use/.test(error.message);
              if (!inUse || attempt >= 3) throw error;
              port = undefined;
            }
          }
          retarget();
        },
        async stop() {
          const current = running;
          if (!current) return;
          running = undefined;
          retarget();
          await current.stop();
        },
      };
      return instance;
    };

    for (let i = 0; i < replicas; i++) bots.push(await makeInstance(replicas === 1 ? "bot" : `bot-${String(i + 1)}`));
    cleanups.push(async () => {
      for (const bot of bots) await bot.stop();
    });
    if (replicas > 1) {
      proxy = await startRoundRobinProxy([]);
      const p = proxy;
      cleanups.push(() => p.close());
      gh.webhooks.setTarget(webhookUrl(proxy.url));
    }
    for (const bot of bots) await bot.start();
    const first = bots[0];
    if (!first) throw new Error("no bot instance");

    const context = () =>
      [
        ...bots.map((b) => `--- ${b.name}${b.running ? "" : " (stopped)"} ---\n${b.log.tail(30)}`),
        ...(emulatorLog.length ? [`--- emulator ---\n${emulatorLog.slice(-10).map((e) => `${e.level}: ${e.message} ${JSON.stringify(e.details ?? {})}`).join("\n")}`] : []),
      ].join("\n");
    const withContext = (opts: WaitOptions = {}): WaitOptions => ({ context, ...opts });

    const mainHistory = () => history(repo);
    const subjects = async () => (await mainHistory()).map((c) => c.subject).join("\n");

    const runningBot = (): RunningBot | undefined => bots.find((b) => b.running)?.running;

    const harness: BotHarness = {
      gh,
      api,
      repo,
      metrics,
      loadtester,
      clock,
      bots,
      bot: first,
      proxy,
      emulatorLog,
      install: () => gh.installations.install({ account: OWNER }, PEOPLE.owner),
      async bootstrap() {
        const pr = await harness.waitForPullRequest("the bootstrap PR", (p) => p.headRef === BOOTSTRAP_BRANCH && p.state === "open");
        const mergeSha = await gh.as(PEOPLE.owner).mergePullRequest(FULL_NAME, pr.number);
        await harness.waitForRollout("the rollout record at Initialized", (r) => r.phase === "Initialized");
        return { pr: pr.number, mergeSha };
      },
      async mergeBump(tag, bumpOptions = {}) {
        const deployment = await repo.readFile(DEPLOYMENT_PATH);
        if (deployment === undefined) throw new Error(`${DEPLOYMENT_PATH} is missing on main`);
        const branch = `bump-podinfo-${tag}`;
        const title = bumpOptions.title ?? `Bump podinfo to ${tag}`;
        const headSha = await gh.as(PEOPLE.writer).push(FULL_NAME, { branch, files: { [DEPLOYMENT_PATH]: withImage(deployment, tag) }, message: title });
        const pr = await gh.as(PEOPLE.writer).openPullRequest(FULL_NAME, { head: branch, title });
        const mergeSha = await gh.as(PEOPLE.owner).mergePullRequest(FULL_NAME, pr);
        return { pr, branch, headSha, mergeSha };
      },
      async restart(instance = first) {
        await instance.stop();
        await instance.start();
      },
      mainHistory,
      waitFor: (what, probe, opts) => waitFor(what, probe, withContext(opts)),
      waitForCommit: (subject, opts) =>
        waitFor(
          `a commit "${String(subject)}" on main`,
          async () => (await mainHistory()).find((c) => (typeof subject === "string" ? c.subject === subject : subject.test(c.subject))),
          { ...withContext(opts), lastSeen: subjects },
        ),
      waitForCheckRun: (sha, conclusion, opts = {}) => {
        const name = opts.name ?? CHECK_NAME;
        return waitFor(
          `check run "${name}" on ${sha.slice(0, 7)} to end ${conclusion}`,
          () => repo.checkRuns(sha).find((r) => r.name === name && r.status === "completed" && r.conclusion === conclusion),
          {
            ...withContext(opts),
            lastSeen: () =>
              repo
                .checkRuns(sha)
                .map((r) => `${r.name}: ${r.status}/${String(r.conclusion)} ${r.output.title ?? ""}`)
                .join("\n") || "(no check runs on that commit)",
          },
        );
      },
      waitForPullRequest: (what, predicate, opts) =>
        waitFor(what, () => repo.pullRequests().find(predicate), {
          ...withContext(opts),
          lastSeen: () =>
            repo
              .pullRequests()
              .map((p) => `#${String(p.number)} ${p.state}${p.mergedAt ? " merged" : ""} ${p.headRef}: ${p.title}`)
              .join("\n") || "(no pull requests)",
        }),
      waitForRollout: (what, predicate, opts) =>
        waitFor(
          what,
          async () => {
            const bot = runningBot();
            const found = bot ? (await bot.engine.rollouts()).find((r) => r.canary === CANARY_KEY) : undefined;
            return found && predicate(found) ? found : undefined;
          },
          {
            ...withContext(opts),
            lastSeen: async () => JSON.stringify((await harness.rollout()) ?? "(no rollout record)"),
          },
        ),
      waitForComment: (what, pr, predicate, opts) =>
        waitFor(what, () => repo.comments(pr).find(predicate), {
          ...withContext(opts),
          lastSeen: () =>
            repo
              .comments(pr)
              .map((c) => `@${c.user.login}: ${c.body.slice(0, 300)}`)
              .join("\n---\n") || "(no comments)",
        }),
      stickyComments: (pr) => repo.comments(pr).filter((c) => c.body.startsWith(STICKY_MARKER) && c.user.login === gh.app.botLogin),
      comments: (pr) => repo.comments(pr).filter((c) => !c.body.startsWith(STICKY_MARKER)),
      checkRuns: (sha, name = CHECK_NAME) => repo.checkRuns(sha).filter((r) => r.name === name),
      async rollout() {
        const bot = runningBot();
        return bot ? (await bot.engine.rollouts()).find((r) => r.canary === CANARY_KEY) : undefined;
      },
      context,
      async close() {
        for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
      },
    };
    return harness;
  } catch (error: unknown) {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
    throw error;
  }
}
