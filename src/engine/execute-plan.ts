import type { Approvers } from "../core/authz/approvers.js";
import { promotionBranch, revertBranch } from "../core/commands/bot-branches.js";
import { applyIntent } from "../core/gitops/apply-intent.js";
import { bootstrapFiles } from "../core/gitops/bootstrap.js";
import type { GitPlan } from "../core/gitops/git-plan.js";
import { SpecError } from "../core/errors.js";
import { sha256Hex } from "../core/hash.js";
import type { CommitSpec, DecisionPlan, Effect, RolloutLinks, RolloutRecord } from "../core/machine/types.js";
import { renderPromotionPr, renderRevertPr } from "../core/render/pull-requests.js";
import type { ResolvedCanary } from "../core/spec/model.js";
import type { RolloutKey } from "../ports/rollout-store.js";
import type { AppliedVia, ClusterObserver } from "../ports/cluster-observer.js";
import { deliverAlerts } from "./alerts/deliver-alerts.js";
import { clusterSecretReader } from "./answer-needs.js";
import { PLAN_TRAILER, formatCommitMessage, parseTrailers } from "./bot-commits.js";
import type { EngineDeps } from "./engine-deps.js";
import { runNotifyingWebhooks } from "./hooks/run-webhooks.js";
import { webhookChecksum } from "../core/hooks/webhook-checksum.js";
import { describeVia } from "./applied-via.js";
import type { Snapshot } from "./read-snapshot.js";
import type { RepoPorts } from "./repo-ports.js";
import { renderContext, report } from "./report.js";
import type { CanarySettings } from "./settings.js";
import { versionsOf } from "./versions.js";

export interface ExecuteContext {
  readonly deps: EngineDeps;
  readonly ports: RepoPorts;
  readonly key: RolloutKey;
  /** Version of the stored record the plan was made from (part of the plan's identity). */
  readonly version: number | undefined;
  readonly canary: ResolvedCanary;
  readonly settings: CanarySettings;
  readonly branch: string;
  readonly snapshot: Snapshot;
  /** Revision of the target at the snapshot (the primary starts on it at bootstrap). */
  readonly targetRevision: string;
  readonly cluster: ClusterObserver;
  readonly via?: AppliedVia;
  readonly now: number;
  /** Approvers as shown to people, e.g. "@acme/platform". */
  readonly approvers?: string;
  /** CODEOWNERS of the Canary's files as approvers, when `gates.approvers` is not set. */
  readonly codeownerApprovers?: Approvers;
}

/** GitHub refused a write to the tracked branch: the run waits with GitHub's reason. */
/** Decisions that wait on something outside the bot (the regular interval wait is not one). */
const WAITS: ReadonlySet<string> = new Set([
  "waiting-applied",
  "waiting-canary-ready",
  "waiting-primary-ready",
  "waiting-confirm-rollout",
  "waiting-promotion",
  "waiting-promotion-review",
  "halted-traffic-increase",
]);

function isWait(code: string): boolean {
  return WAITS.has(code);
}

export class BlockedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "BlockedError";
  }
}

/** The bootstrap PR's branch, in the form of core/commands' bot branches. */
export function bootstrapBranch(canary: Pick<ResolvedCanary, "namespace" | "name">): string {
  return `canary-bot/bootstrap/${canary.namespace}/${canary.name}`;
}

function gitPlanOrThrow(result: ReturnType<typeof applyIntent>): GitPlan {
  if (!result.ok) throw new SpecError(result.issues);
  return result.value;
}

/**
 * Carries out a decision's effects, in order, and returns the record to save. The only code
 * that writes anywhere. Every effect is idempotent: commits carry the plan's id in a trailer
 * and are found again after a crash, PRs are keyed by branch, the check run by name + SHA +
 * external id, the comment by its marker. Reports run last so they show what the other
 * effects created.
 */
export async function executePlan(plan: DecisionPlan, ctx: ExecuteContext): Promise<RolloutRecord | undefined> {
  const planId = sha256Hex(JSON.stringify({ key: ctx.key, version: ctx.version ?? 0, code: plan.code, effects: plan.effects.filter((e) => e.kind === "commit") })).slice(0, 16);
  let record = plan.record;
  let links: RolloutLinks = { ...(record?.links ?? {}) };
  if (links.blocked) links = Object.fromEntries(Object.entries(links).filter(([k]) => k !== "blocked"));
  let head = ctx.snapshot.head;
  const reports: (RolloutRecord | undefined)[] = [];
  // What the run waits for is shown until the wait ends; a wait that changed is worth a report.
  const waiting = isWait(plan.code) ? plan.message : undefined;
  if (waiting !== links.waiting) {
    links = waiting === undefined ? Object.fromEntries(Object.entries(links).filter(([k]) => k !== "waiting")) : { ...links, waiting };
    if (record && !plan.effects.some((e) => e.kind === "report")) reports.push(undefined);
  }

  const setBarrier = (sha: string, verified?: boolean) => {
    if (!record?.barrier) return;
    const steps = [...record.steps];
    const last = steps.at(-1);
    if (last?.commit && last.commit.sha === undefined) {
      steps[steps.length - 1] = { ...last, commit: { ...last.commit, sha, ...(verified !== undefined ? { verified: last.commit.verified ?? verified } : {}) } };
    }
    record = { ...record, barrier: { ...record.barrier, sha }, steps };
  };

  const commitOnBranch = async (spec: CommitSpec, changes: GitPlan["changes"]): Promise<string> => {
    if (changes.length === 0) return head;
    const previous = (await ctx.ports.repository.recentCommits(ctx.branch, 20)).find((c) => parseTrailers(c.message)[PLAN_TRAILER] === planId);
    if (previous) return previous.sha;
    try {
      const result = await ctx.ports.repository.commitChanges({
        branch: ctx.branch,
        expectedHead: head,
        changes,
        message: formatCommitMessage(spec.subject, { ...spec.trailers, [PLAN_TRAILER]: planId }),
      });
      return result.sha;
    } catch (error: unknown) {
      if (error instanceof Error && error.name === "ForbiddenError") throw new BlockedError(error.message, { cause: error });
      throw error;
    }
  };

  const nudge = async () => {
    const via = ctx.via;
    if (!via || !ctx.settings.gitops.nudge || via.kind !== "flux-kustomization") return;
    try {
      await ctx.cluster.nudge(via, ctx.now);
    } catch (error: unknown) {
      ctx.deps.log.warn({ canary: ctx.key.canary, error: String(error) }, "could not nudge Flux");
    }
  };

  const run = async (effect: Effect): Promise<void> => {
    const { canary, ports } = ctx;
    switch (effect.kind) {
      case "commit": {
        const git = gitPlanOrThrow(applyIntent(canary, effect.intent, ctx.snapshot.files));
        head = await commitOnBranch(effect, git.changes);
        setBarrier(head);
        if (effect.intent.type === "rollback") links = { ...links, rollbackCommit: head };
        await nudge();
        return;
      }
      case "open-bootstrap-pr": {
        const branch = bootstrapBranch(canary);
        const created = await ports.pullRequests.createBranch(branch, head);
        if (created.created) {
          const git = bootstrapFiles(canary, { files: ctx.snapshot.files, revision: ctx.targetRevision });
          if (!git.ok) throw new SpecError(git.issues);
          await ports.repository.commitChanges({
            branch,
            expectedHead: created.head,
            changes: git.value.changes,
            message: formatCommitMessage(`canary: ${canary.namespace}/${canary.name} bootstrap`, { Canary: `${canary.namespace}/${canary.name}`, "Canary-Phase": "Initializing" }),
          });
        }
        const pr = await ports.pullRequests.openOrGet({
          head: branch,
          base: ctx.branch,
          title: `canary-bot: bootstrap ${canary.namespace}/${canary.name}`,
          body: [
            `Adds what canary-bot needs to run progressive delivery for \`${canary.namespace}/${canary.name}\`:`,
            "",
            `- the primary Deployment \`${canary.targetRef.name}-primary\`, serving all traffic;`,
            `- the Services \`${canary.service.apex}\`, \`${canary.service.apex}-primary\`, \`${canary.service.apex}-canary\`;`,
            `- the HTTPRoute \`${canary.service.apex}\` at 100 / 0 (or the existing route, adopted in place);`,
            `- \`${canary.targetRef.name}\` scaled to 0: it runs only during a rollout.`,
            "",
            "Merging this is Flagger's initialization. The next change to the target starts a rollout.",
          ].join("\n"),
        });
        links = { ...links, bootstrapPr: pr.number };
        return;
      }
      case "open-promotion-pr": {
        if (links.promotionPr !== undefined) {
          const existing = await ports.pullRequests.get(links.promotionPr);
          if (existing.state === "open") return;
        }
        const branch = promotionBranch(canary, effect.revision.slice(0, 8));
        let created = await ports.pullRequests.createBranch(branch, head);
        if (!created.created && created.head !== head) {
          await ports.pullRequests.deleteBranch(branch);
          created = await ports.pullRequests.createBranch(branch, head);
        }
        if (created.head === head) {
          const git = gitPlanOrThrow(applyIntent(canary, effect.commit.intent, ctx.snapshot.files));
          await ports.repository.commitChanges({
            branch,
            expectedHead: head,
            changes: git.changes,
            message: formatCommitMessage(effect.commit.subject, effect.commit.trailers),
          });
        }
        const text = record ? renderPromotionPr(canary, record, renderContext({ canary, record, links, ports, now: ctx.now }), {
          who: ctx.approvers ?? "people with write access",
          why: ctx.approvers ? "configured approvers" : "no approvers are configured",
        }) : { title: `Promote ${canary.namespace}/${canary.name}`, body: "" };
        const pr = await ports.pullRequests.openOrGet({ head: branch, base: ctx.branch, title: text.title, body: text.body });
        const approvers = ctx.settings.gates.approvers ?? ctx.codeownerApprovers;
        if (pr.created && approvers && (approvers.users.length || approvers.teams.length)) {
          try {
            await ports.pullRequests.requestReviewers(pr.number, {
              users: approvers.users,
              teams: approvers.teams.map((t) => t.split("/").pop() ?? t),
            });
          } catch (error: unknown) {
            ctx.deps.log.warn({ canary: ctx.key.canary, pr: pr.number, error: String(error) }, "could not request reviewers");
          }
        }
        links = { ...links, promotionPr: pr.number };
        return;
      }
      case "merge-promotion-pr": {
        const number = links.promotionPr;
        let merged: string | undefined;
        if (number !== undefined) {
          const pr = await ports.pullRequests.get(number);
          try {
            merged = (await ports.pullRequests.merge(number, pr.headSha, ctx.settings.gates.mergeMethod)).sha;
          } catch (error: unknown) {
            ctx.deps.log.warn({ canary: ctx.key.canary, pr: number, error: String(error) }, "promotion PR did not merge; committing the promotion directly");
            await ports.pullRequests.close(number).catch(() => undefined);
          }
        }
        if (merged === undefined) {
          const git = gitPlanOrThrow(applyIntent(canary, effect.commit.intent, ctx.snapshot.files));
          merged = await commitOnBranch({ ...effect.commit, trailers: { ...effect.commit.trailers, "Approved-By": `@${effect.by}` } }, git.changes);
        }
        head = merged;
        setBarrier(merged);
        await nudge();
        return;
      }
      case "close-promotion-pr": {
        if (links.promotionPr !== undefined) {
          const number = links.promotionPr;
          const pr = await ports.pullRequests.get(number);
          if (pr.state === "open") {
            await ports.pullRequests.update(number, { body: `${pr.body}\n\n---\nClosed by canary-bot: ${effect.reason}.` });
            await ports.pullRequests.close(number);
          }
          links = Object.fromEntries(Object.entries(links).filter(([k]) => k !== "promotionPr"));
        }
        return;
      }
      case "open-revert": {
        const source = record?.source;
        if (!record || !source) return;
        const text = renderRevertPr(canary, record, renderContext({ canary, record, links, ports, now: ctx.now }));
        const result = await ports.pullRequests.openRevert({
          source: source.pullRequest ? { kind: "pull-request", number: source.pullRequest.number } : { kind: "commit", sha: source.sha },
          base: ctx.branch,
          branch: revertBranch(canary, record.revision.slice(0, 8)),
          title: text.title,
          body: text.body,
        });
        if (result.kind === "opened") links = { ...links, revertPr: result.pullRequest.number };
        else ctx.deps.log.warn({ canary: ctx.key.canary, result: result.kind, ...(result.kind === "conflict" ? { message: result.message } : {}) }, "no revert PR opened");
        return;
      }
      case "notify": {
        const results = await deliverAlerts({
          effect,
          canary,
          providers: ctx.snapshot.index.alertProviders,
          notifier: ctx.deps.notifier,
          readSecret: clusterSecretReader(ctx.cluster),
          ...(links.checkRunUrl ? { url: links.checkRunUrl } : {}),
          ...(ctx.deps.clusterName !== undefined ? { clusterName: ctx.deps.clusterName } : {}),
        });
        for (const r of results.filter((x) => !x.ok)) ctx.deps.log.warn({ canary: ctx.key.canary, provider: r.provider, reason: r.reason }, "alert not sent");
        return;
      }
      case "call-webhooks": {
        const outcomes = await runNotifyingWebhooks(ctx.deps.webhooks, effect, {
          canary,
          checksum: webhookChecksum({ revision: record?.revision ?? "" }),
          now: ctx.now,
        });
        for (const o of outcomes.filter((x) => !x.ok)) ctx.deps.log.warn({ canary: ctx.key.canary, hook: o.name, status: o.status, detail: o.detail }, "webhook failed");
        return;
      }
      case "report":
        reports.push(effect.record);
        return;
    }
  };

  for (const effect of plan.effects) {
    try {
      await run(effect);
      ctx.deps.events?.effect?.({ kind: effect.kind, outcome: "done" });
    } catch (error: unknown) {
      ctx.deps.events?.effect?.({ kind: effect.kind, outcome: "failed" });
      throw error;
    }
  }

  const versions = links.versions ?? (record?.source ? versionsOf(ctx.canary, ctx.snapshot.files) : undefined);
  if (versions) links = { ...links, versions };
  if (record) record = { ...record, links };
  const appliedText = ctx.via ? describeVia(ctx.via) : undefined;
  for (const superseded of reports) {
    const target = superseded ?? record;
    if (!target) continue;
    const updated = await report({
      canary: ctx.canary,
      record: target,
      links: superseded ? (superseded.links ?? {}) : links,
      ports: ctx.ports,
      now: ctx.now,
      ...(versions ? { versions } : {}),
      ...(appliedText ? { appliedVia: appliedText } : {}),
      ...(ctx.approvers ? { approvers: ctx.approvers } : {}),
      ...(plan.requeueAfterMs !== undefined ? { nextTickAt: ctx.now + plan.requeueAfterMs } : {}),
    });
    if (!superseded && record) {
      links = updated;
      record = { ...record, links };
    }
  }
  return record;
}
