import { basename, join, resolve } from "node:path";
import { BOT_IDENTITY, LocalGitRepository } from "../../adapters/local-git/local-git-repository.js";
import { git } from "../../adapters/local-git/git.js";
import { LocalPullRequests } from "../../adapters/local-git/local-pull-requests.js";
import { FileChecksReporter } from "../../adapters/local-files/file-checks-reporter.js";
import { FileComments } from "../../adapters/local-files/file-comments.js";
import { FileNotifier } from "../../adapters/local-files/file-notifier.js";
import { LocalPermissions } from "../../adapters/local-files/local-permissions.js";
import { OutputFolder } from "../../adapters/local-files/output-folder.js";
import { NoClusterObserver } from "../../adapters/no-cluster/no-cluster-observer.js";
import { PrometheusMetricsProvider } from "../../adapters/prometheus/prometheus-metrics-provider.js";
import { ScenarioMetricsProvider } from "../../adapters/scenario/scenario-metrics-provider.js";
import { ScenarioWebhookCaller } from "../../adapters/scenario/scenario-webhook-caller.js";
import { HttpWebhookCaller } from "../../adapters/webhooks/http-webhook-caller.js";
import { FileRolloutStore } from "../../adapters/file-store/file-rollout-store.js";
import { bootstrapFiles } from "../../core/gitops/bootstrap.js";
import { SpecError } from "../../core/errors.js";
import type { RolloutRecord } from "../../core/machine/types.js";
import { canaryRevision } from "../../core/revision/canary-revision.js";
import type { Scenario } from "../../core/scenario/types.js";
import type { ClusterObserver } from "../../ports/cluster-observer.js";
import type { ResolvedCanary } from "../../core/spec/model.js";
import { formatCommitMessage } from "../../engine/bot-commits.js";
import type { EngineDeps, EngineEvents, EngineLog } from "../../engine/engine-deps.js";
import { bootstrapBranch } from "../../engine/execute-plan.js";
import { readSnapshot } from "../../engine/read-snapshot.js";
import { reconcileItem } from "../../engine/reconcile-item.js";
import type { RepoPorts } from "../../engine/repo-ports.js";
import { defaultRepoConfig } from "../../core/config/parse-repo-config.js";
import type { CanarySettings } from "../../engine/settings.js";
import { SimulationQueue, VirtualClock } from "./virtual-time.js";

export interface SimulateOptions {
  readonly repoDir: string;
  /** `namespace/name` */
  readonly canary: string;
  /** Bootstrap from the target as it was at this commit, so the change since then is rolled out. */
  readonly from?: string;
  readonly branch?: string;
  readonly scenario?: Scenario;
  readonly prometheusUrl?: string;
  /** Real milliseconds per simulated millisecond are 1/speed; Infinity = as fast as possible. */
  readonly speed: number;
  readonly outDir: string;
  readonly applyDelayMs: number;
  readonly promotionGate: "webhooks" | "pull-request";
  /** Simulated time after which the simulation gives up. */
  readonly maxSimulatedMs: number;
  readonly start: number;
  readonly onRecord: (record: RolloutRecord, canary: ResolvedCanary) => void;
  readonly onNote: (text: string) => void;
  /** What the engine observed and did (metrics). */
  readonly events?: EngineEvents;
  /**
   * A real cluster observer instead of the no-cluster default: commits are verified through
   * `gitops` (and the live HTTPRoute), readiness is read from the Deployments.
   */
  readonly cluster?: ClusterObserver;
  /** The GitOps object that applies the Canary's files; used with `cluster` (never nudged). */
  readonly gitops?: { readonly tool: "flux" | "argocd"; readonly name: string; readonly namespace: string };
}

export interface SimulationResult {
  readonly record: RolloutRecord | undefined;
  readonly startHead: string;
  readonly endHead: string;
  readonly outDir: string;
  readonly simulatedMs: number;
}

export class SimulationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SimulationError";
  }
}

const silentLog: EngineLog = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

async function currentBranch(dir: string): Promise<string> {
  const { stdout, code } = await git(dir, ["symbolic-ref", "--quiet", "--short", "HEAD"], { okCodes: [1] });
  if (code !== 0) throw new SimulationError(`${dir}: HEAD is detached; check out a branch or pass --branch`);
  return stdout.trim();
}

/** With `--from`: the bootstrap PR's branch starts at that commit, so the primary runs that version. */
async function prepareBootstrapFrom(repository: LocalGitRepository, prs: LocalPullRequests, canary: ResolvedCanary, from: string, paths: readonly string[]): Promise<boolean> {
  const { stdout } = await git(repository.dir, ["rev-parse", "--verify", `${from}^{commit}`]);
  const fromSha = stdout.trim();
  const snapshot = await readSnapshot(repository, fromSha, paths);
  const old = snapshot.index.canaries.find((c) => c.namespace === canary.namespace && c.name === canary.name) ?? canary;
  const revision = canaryRevision(snapshot.index, old);
  if (!revision) throw new SimulationError(`at ${from}, the target Deployment ${canary.targetRef.name} of ${canary.namespace}/${canary.name} is not in the repository`);
  const plan = bootstrapFiles(old, { files: snapshot.files, revision: revision.revision });
  if (!plan.ok) throw new SpecError(plan.issues);
  const branch = bootstrapBranch(canary);
  const created = await prs.createBranch(branch, fromSha);
  if (!created.created) return false;
  await repository.commitChanges({
    branch,
    expectedHead: fromSha,
    changes: plan.value.changes,
    message: formatCommitMessage(`canary: ${canary.namespace}/${canary.name} bootstrap`, { Canary: `${canary.namespace}/${canary.name}`, "Canary-Phase": "Initializing" }),
  });
  return true;
}

/**
 * Runs the real engine and executor on a local git repository with simulated time: real commits
 * with the App's messages and trailers, check-run and PR-comment markdown written to `outDir`,
 * PRs (bootstrap, promotion, revert) as real branches plus markdown. The bootstrap PR is merged
 * as a person would; with a promotion-PR gate, the review is given as the person at the terminal.
 */
export async function runSimulation(options: SimulateOptions): Promise<SimulationResult> {
  const dir = resolve(options.repoDir);
  const repository = new LocalGitRepository(dir);
  const branch = options.branch ?? (await currentBranch(dir));
  const startHead = await repository.headOf(branch);
  if (startHead === undefined) throw new SimulationError(`${dir}: branch ${branch} does not exist`);
  const out = new OutputFolder(resolve(options.outDir));
  const prs = new LocalPullRequests(dir, out);
  const repo = `local/${basename(dir)}`;
  const ports: RepoPorts = {
    repo,
    defaultBranch: branch,
    repository,
    checks: new FileChecksReporter(out),
    comments: new FileComments(out),
    pullRequests: prs,
    permissions: new LocalPermissions(),
    links: {},
    botLogin: BOT_IDENTITY.name,
  };
  const initial = await readSnapshot(repository, startHead, []);
  const canary = initial.index.canaries.find((c) => `${c.namespace}/${c.name}` === options.canary);
  if (!canary) {
    const known = initial.index.canaries.map((c) => `${c.namespace}/${c.name}`).join(", ") || "none";
    const rejected = initial.index.rejected.find((r) => `${r.object.namespace ?? ""}/${r.object.name}` === options.canary);
    if (rejected) throw new SpecError(rejected.issues);
    throw new SpecError(initial.index.issues.filter((i) => i.severity === "error").length ? initial.index.issues.filter((i) => i.severity === "error") : [
      { location: { file: dir, line: 1, column: 1 }, field: "--canary", message: `no valid Canary ${options.canary} on ${branch} (valid Canaries: ${known})`, severity: "error" },
    ]);
  }

  const defaults = defaultRepoConfig({ branch, ...(options.prometheusUrl !== undefined ? { metricsServer: options.prometheusUrl } : {}) });
  const settings: CanarySettings = {
    ...defaults,
    gates: { ...defaults.gates, promotion: options.promotionGate },
    gitops: options.gitops
      ? { tool: options.gitops.tool, name: options.gitops.name, namespace: options.gitops.namespace, nudge: false, applyDelayMs: options.applyDelayMs }
      : { tool: "none", nudge: false, applyDelayMs: options.applyDelayMs },
  };
  const cluster = options.cluster ?? new NoClusterObserver({ appliedDelayMs: options.applyDelayMs });
  const key = { repo, canary: options.canary };
  const store = new FileRolloutStore(join(out.dir, "state"));
  const stored = await store.load(key);
  // A resumed simulation goes on from the latest time the stored rollout has seen.
  const resumedAt = stored ? Math.max(stored.record.lastTransitionAt, ...stored.record.steps.map((s) => s.at), stored.record.barrier?.since ?? 0) : 0;
  const start = Math.max(options.start, resumedAt);
  const clock = new VirtualClock(start);
  const queue = new SimulationQueue(clock);
  const metrics = options.scenario
    ? new ScenarioMetricsProvider(options.scenario, canary, initial.index.metricTemplates, options.prometheusUrl)
    : new PrometheusMetricsProvider();
  const deps: EngineDeps = {
    clock,
    store,
    queue,
    metrics,
    webhooks: options.scenario ? new ScenarioWebhookCaller(options.scenario) : new HttpWebhookCaller(),
    notifier: new FileNotifier(out),
    portsFor: () => Promise.resolve(ports),
    loadSettings: () => ({ settings: { branch, paths: [], forCanary: () => settings }, issues: [] }),
    clusterFor: () => cluster,
    log: silentLog,
    ...(options.prometheusUrl !== undefined ? { defaultMetricsServer: options.prometheusUrl } : {}),
    ...(options.events !== undefined ? { events: options.events } : {}),
  };

  if (stored) options.onNote(`resuming the stored rollout (phase ${stored.record.phase}) from ${join(out.dir, "state")}`);
  if (options.from !== undefined && !stored && (await prepareBootstrapFrom(repository, prs, canary, options.from, []))) {
    options.onNote(`bootstrap branch starts at ${options.from}: the primary runs the version of that commit`);
  }

  let started = false;
  let approved = false;
  await queue.enqueue({ repo, canary: options.canary, reason: "simulate" });
  for (let item = queue.next(); item; item = queue.next()) {
    if (item.due - start > options.maxSimulatedMs) {
      throw new SimulationError(`the rollout did not finish within ${String(Math.round(options.maxSimulatedMs / 60_000))} simulated minutes`);
    }
    if (Number.isFinite(options.speed) && item.due > clock.now()) {
      await new Promise((r) => setTimeout(r, (item.due - clock.now()) / options.speed));
    }
    clock.advanceTo(item.due);
    await reconcileItem(deps, item.item);
    const record = (await deps.store.load(key))?.record;
    if (!record) continue;
    options.onRecord(record, canary);
    if (record.phase === "Initializing" && record.links?.bootstrapPr !== undefined) {
      const pr = await prs.get(record.links.bootstrapPr);
      if (pr.state === "open") {
        await prs.merge(pr.number, pr.headSha, "merge");
        options.onNote(`merged the bootstrap PR #${String(pr.number)} (as a person would)`);
        await queue.enqueue({ repo, canary: options.canary, reason: "merged" });
      }
    }
    if (record.phase === "WaitingPromotion" && record.links?.promotionPr !== undefined && !approved) {
      approved = true;
      options.onNote(`approving promotion PR #${String(record.links.promotionPr)} as you (simulated review)`);
      await queue.enqueue({ repo, canary: options.canary, reason: "review", commands: [{ command: { type: "approve-promotion", by: "you" }, source: { kind: "local" } }] });
    }
    if (record.phase === "Progressing") started = true;
    const finished = (record.phase === "Succeeded" || record.phase === "Failed") && record.barrier === undefined;
    if (finished && (started || record.startedAt !== undefined)) {
      return { record, startHead, endHead: (await repository.headOf(branch)) ?? startHead, outDir: out.dir, simulatedMs: clock.now() - start };
    }
    if ((record.phase === "Initialized" || record.phase === "Succeeded") && !started && record.barrier === undefined && item.item.reason === "tick") {
      options.onNote("nothing to roll out: the target runs the primary's revision (use --from <commit> to roll out the change since that commit)");
      return { record, startHead, endHead: (await repository.headOf(branch)) ?? startHead, outDir: out.dir, simulatedMs: clock.now() - start };
    }
  }
  return { record: (await deps.store.load(key))?.record, startHead, endHead: (await repository.headOf(branch)) ?? startHead, outDir: out.dir, simulatedMs: clock.now() - start };
}
