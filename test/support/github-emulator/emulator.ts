import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HumanActor } from "./actors/human.js";
import { InstallationActions } from "./actors/installations.js";
import { RepoHandle } from "./actors/repo-handle.js";
import { TokenRegistry } from "./auth/tokens.js";
import type { EmulatorCore } from "./core.js";
import { FaultInjector } from "./faults/fault-injector.js";
import { LatencyRules } from "./faults/latency.js";
import { SeededRandom } from "./faults/seeded-random.js";
import { graphqlRoutes } from "./graphql/handler.js";
import { createRequestListener } from "./http/server.js";
import { Router } from "./http/router.js";
import { RequestRecorder, type RequestRecord, type RequestStats } from "./instrumentation/request-recorder.js";
import { KeyedMutex } from "./keyed-mutex.js";
import { RateLimiter, type RateResource } from "./limits/rate-limiter.js";
import type { EmulatorLogEvent, GitHubEmulatorOptions, RepoSeed } from "./options.js";
import { appRoutes } from "./routes/app.js";
import { checkRoutes } from "./routes/checks.js";
import { commitRoutes } from "./routes/commits.js";
import { contentsRoutes } from "./routes/contents.js";
import { gitDataRoutes } from "./routes/git-data.js";
import { issueRoutes } from "./routes/issues.js";
import { orgRoutes } from "./routes/orgs.js";
import { pullRoutes } from "./routes/pulls.js";
import { rateLimitRoutes } from "./routes/rate-limit.js";
import { repoRoutes } from "./routes/repos.js";
import { createRepository, seedWorld } from "./state/seed.js";
import { World } from "./state/world.js";
import { WebhookDispatcher } from "./webhooks/dispatcher.js";

export interface EmulatedApp {
  readonly id: number;
  readonly slug: string;
  readonly clientId: string;
  /** PEM of the app's private key: give it to Probot (`privateKey`) to sign app JWTs. */
  readonly privateKey: string;
  readonly webhookSecret: string;
  /** `<slug>[bot]`, the author and sender of everything the app does. */
  readonly botLogin: string;
  readonly botUserId: number;
}

export interface GitHubEmulator {
  /** `http://127.0.0.1:<port>`: Octokit's `baseUrl` (also served under `/api/v3`). */
  readonly url: string;
  /** `127.0.0.1:<port>`, for Probot's `GHE_HOST` (with `GHE_PROTOCOL=http`). */
  readonly host: string;
  readonly app: EmulatedApp;
  readonly webhooks: WebhookDispatcher;
  readonly faults: FaultInjector;
  readonly latency: LatencyRules;
  readonly installations: InstallationActions;
  /** Request counts by route, GraphQL field, kind and status. */
  stats(): RequestStats;
  /** Every request answered, oldest first. */
  requests(): readonly RequestRecord[];
  /** Requests that matched no emulated endpoint; a passing test expects none. */
  unmatchedRequests(): readonly RequestRecord[];
  resetStats(): void;
  /** The id of the installation on `account` (the default seed has one per repository owner). */
  installationId(account: string): number;
  /** Mints an installation token directly (what `POST /app/installations/{id}/access_tokens` returns). */
  installationToken(installationId: number): string;
  /** A personal access token for `login`, to call the API as that person. */
  userToken(login: string): string;
  repo(fullName: string): RepoHandle;
  createRepo(seed: RepoSeed): Promise<RepoHandle>;
  /** Acts as a person (push, open/merge PRs, review, comment, click check-run buttons). */
  as(login: string): HumanActor;
  /** Empties a caller's real primary budget (`installation:<id>`, `user:<login>`) until reset. */
  exhaustRateLimit(identity: string, resource: RateResource, resetAfterSeconds: number): void;
  /** Waits until every queued webhook delivery has been attempted. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

function defaultLog(event: EmulatorLogEvent): void {
  if (event.level !== "info") process.stderr.write(`[github-emulator] ${event.level}: ${event.message} ${JSON.stringify(event.details ?? {})}\n`);
}

function listen(server: Server): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      resolve(server.address() as AddressInfo);
    });
  });
}

/**
 * Starts a stateful GitHub API emulator on 127.0.0.1 (random port): REST and GraphQL backed by
 * real bare git repositories, GitHub's status codes and error bodies, rate-limit headers, fault
 * injection, request counters and signed webhook deliveries. See README.md in this folder.
 */
export async function startGitHubEmulator(options: GitHubEmulatorOptions = {}): Promise<GitHubEmulator> {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? defaultLog;
  const ownsDirectory = options.directory === undefined;
  const directory = options.directory ?? (await mkdtemp(join(tmpdir(), "github-emulator-")));
  const world = new World(now);
  const random = new SeededRandom(options.seed ?? 1);
  const webhooks = new WebhookDispatcher({
    secret: options.webhooks?.secret ?? "emulator-webhook-secret",
    url: options.webhooks?.url,
    appId: () => world.app?.id,
    now,
    log,
  });
  const core: EmulatorCore = {
    world,
    urls: { api: "http://127.0.0.1", html: options.htmlUrl ?? "https://github.com" },
    webhooks,
    tokens: new TokenRegistry(world),
    locks: new KeyedMutex(),
    log,
  };
  await seedWorld(world, directory, options);
  const limiter = new RateLimiter(now, { core: options.rateLimit?.core ?? 5000, graphql: options.rateLimit?.graphql ?? 5000 });
  const faults = new FaultInjector(random);
  const latency = new LatencyRules(random);
  const recorder = new RequestRecorder();
  const router = new Router();
  for (const routes of [appRoutes, repoRoutes, gitDataRoutes, contentsRoutes, commitRoutes, pullRoutes, checkRoutes, issueRoutes, orgRoutes, graphqlRoutes, rateLimitRoutes(limiter)]) {
    router.addAll(routes);
  }
  const server = createServer(
    createRequestListener({ core, router, limiter, faults, latency, recorder, validateRequests: options.validateRequests ?? true }),
  );
  server.keepAliveTimeout = 1000;
  const address = await listen(server);
  const url = `http://127.0.0.1:${String(address.port)}`;
  core.urls.api = url;
  const app = world.requireApp();

  const repoHandle = (fullName: string): RepoHandle => {
    const [owner = "", name = ""] = fullName.split("/");
    const record = world.repo(owner, name);
    if (!record) throw new Error(`no repository ${fullName} in the emulator`);
    return new RepoHandle(world, record);
  };

  return {
    url,
    host: `127.0.0.1:${String(address.port)}`,
    app: {
      id: app.id,
      slug: app.slug,
      clientId: app.clientId,
      privateKey: app.privateKey,
      webhookSecret: webhooks.secret,
      botLogin: app.botUser.login,
      botUserId: app.botUser.id,
    },
    webhooks,
    faults,
    latency,
    installations: new InstallationActions(core),
    stats: () => recorder.stats(),
    requests: () => recorder.log(),
    unmatchedRequests: () => recorder.unmatched(),
    resetStats: () => {
      recorder.reset();
    },
    installationId: (account) => {
      const found = [...world.installations.values()].find((i) => i.account.login.toLowerCase() === account.toLowerCase());
      if (!found) throw new Error(`no installation on ${account}`);
      return found.id;
    },
    installationToken: (installationId) => {
      const installation = world.installations.get(installationId);
      if (!installation) throw new Error(`no installation ${String(installationId)}`);
      return core.tokens.issueInstallationToken(installation).token;
    },
    userToken: (login) => core.tokens.userToken(login),
    repo: repoHandle,
    createRepo: async (seed) => {
      const record = await createRepository(world, directory, seed);
      return new RepoHandle(world, record);
    },
    as: (login) => new HumanActor(core, world.ensureUser(login)),
    exhaustRateLimit: (identity, resource, resetAfterSeconds) => {
      limiter.exhaust(identity, resource, resetAfterSeconds);
    },
    settled: () => webhooks.settled(),
    close: async () => {
      await webhooks.settled();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
        server.closeAllConnections();
      });
      if (ownsDirectory) await rm(directory, { recursive: true, force: true });
    },
  };
}
