import { ConflictError, TransientError } from "../core/errors.js";
import { formatSpecIssue } from "../core/errors.js";
import type { ResolvedCanary } from "../core/spec/model.js";
import type { RequestedCommand, WorkItem } from "../ports/work-queue.js";
import { approversFromOwners } from "../core/authz/approvers.js";
import { ownersOfPaths } from "../core/authz/codeowners.js";
import { namespacesMatch } from "../core/spec/repository-index.js";
import { authoriseCommand } from "./authorise-command.js";
import type { EngineDeps } from "./engine-deps.js";
import { previewPullRequest } from "./preview.js";
import { SETTINGS_PATHS, readNamedFiles, readSnapshot } from "./read-snapshot.js";
import { reconcileCanary } from "./reconcile-canary.js";
import type { RepoPorts } from "./repo-ports.js";
import { reportConfigIssues } from "./config-check.js";

const MAX_CONFLICT_RETRIES = 3;

function canaryKey(canary: ResolvedCanary): string {
  return `${canary.namespace}/${canary.name}`;
}

function describeApprovers(users: readonly string[], teams: readonly string[]): string | undefined {
  const all = [...users, ...teams].map((a) => `@${a.replace(/^@/, "")}`);
  return all.length ? all.join(", ") : undefined;
}

/** Which Canary a command without a name is for: the rollout the PR started. */
async function canaryOfPullRequest(deps: EngineDeps, repo: string, pullNumber: number): Promise<string | undefined> {
  for (const key of await deps.store.list()) {
    if (key.repo !== repo) continue;
    const stored = await deps.store.load(key);
    const record = stored?.record;
    if (record?.source?.pullRequest?.number === pullNumber || record?.links?.promotionPr === pullNumber) return key.canary;
  }
  return undefined;
}

async function replyTo(ports: RepoPorts, requested: RequestedCommand, body: string, fallbackPr?: number): Promise<void> {
  const { source } = requested;
  const issueNumber = source.kind === "comment" ? source.issueNumber : source.kind === "review" ? source.pullNumber : fallbackPr;
  if (issueNumber === undefined) return;
  const quote = source.kind === "comment" ? source.body : requested.command.type;
  await ports.comments.reply({ issueNumber, to: requested.command.by, quote, body });
}

/** One work item: one Canary (or all of a repository), with the commands it carries, or a PR preview. */
export async function reconcileItem(deps: EngineDeps, item: WorkItem): Promise<void> {
  const ports = await deps.portsFor(item);
  if (item.preview) {
    await previewPullRequest(deps, ports, item.preview);
    return;
  }
  for (let attempt = 1; ; attempt++) {
    try {
      await reconcileOnce(deps, ports, item);
      return;
    } catch (error: unknown) {
      if (error instanceof ConflictError && attempt < MAX_CONFLICT_RETRIES) {
        deps.log.info({ repo: item.repo, canary: item.canary, attempt }, "the branch moved; re-reading and planning again");
        continue;
      }
      if (error instanceof ConflictError || error instanceof TransientError) {
        const delay = error instanceof TransientError && error.retryAfterMs !== undefined ? error.retryAfterMs : 5_000;
        deps.log.warn({ repo: item.repo, canary: item.canary, error: error.message, retryInMs: delay }, "reconcile deferred");
        await deps.queue.enqueue({ ...item, reason: "retry" }, delay);
        return;
      }
      throw error;
    }
  }
}

async function reconcileOnce(deps: EngineDeps, ports: RepoPorts, item: WorkItem): Promise<void> {
  const defaultHead = await ports.repository.headOf(ports.defaultBranch);
  if (defaultHead === undefined) {
    deps.log.warn({ repo: item.repo, branch: ports.defaultBranch }, "the default branch does not exist; nothing to do");
    return;
  }
  const configFiles = await readNamedFiles(ports.repository, defaultHead, SETTINGS_PATHS);
  const { settings, issues } = deps.loadSettings(ports, configFiles);
  const errors = issues.filter((i) => i.severity === "error");
  if (errors.length > 0) {
    deps.log.warn({ repo: item.repo, issues: errors.map(formatSpecIssue) }, "invalid canary-bot configuration");
    await reportConfigIssues(ports, defaultHead, issues);
    return;
  }
  const head = await ports.repository.headOf(settings.branch);
  if (head === undefined) {
    deps.log.warn({ repo: item.repo, branch: settings.branch }, "the tracked branch does not exist; nothing to do");
    return;
  }
  const snapshot = await readSnapshot(ports.repository, head, settings.paths);
  deps.events?.inventory?.({ repo: item.repo, canaries: snapshot.index.canaries.map((c) => ({ namespace: c.namespace, name: c.name })) });

  const commands = [...(item.commands ?? [])];
  let target = item.canary;
  if (target === undefined && commands.length > 0 && item.pullNumber !== undefined) {
    target = await canaryOfPullRequest(deps, item.repo, item.pullNumber);
    if (target === undefined) {
      for (const c of commands) await replyTo(ports, c, "there is no rollout of this pull request to act on.", item.pullNumber);
      return;
    }
  }
  const canaries = snapshot.index.canaries.filter((c) => target === undefined || canaryKey(c) === target);
  if (target !== undefined && canaries.length === 0) {
    const rejected = snapshot.index.rejected.find((r) => `${r.object.namespace ?? ""}/${r.object.name}` === target);
    deps.log.warn({ repo: item.repo, canary: target, issues: rejected?.issues.map(formatSpecIssue) }, rejected ? "Canary spec is invalid; not reconciled" : "Canary not found at the branch head");
    for (const c of commands) await replyTo(ports, c, `Canary \`${target}\` is not in \`${settings.branch}\` or its spec is invalid.`, item.pullNumber);
    return;
  }

  // Work for the whole repository (a push, a merge, an installation) or for the rollout of a PR
  // runs again under each Canary's own key: the queue runs one key at a time, so a Canary is
  // never reconciled by two items at once (which would plan the same step twice and race on
  // its commits and bot branches).
  if (item.canary === undefined) {
    for (const canary of canaries) await deps.queue.enqueue({ ...item, canary: canaryKey(canary) });
    return;
  }

  for (const canary of canaries) {
    const canarySettings = settings.forCanary(canaryKey(canary));
    const targetFile = snapshot.index.objects.find((o) => o.kind === "Deployment" && o.name === canary.targetRef.name && namespacesMatch(o.namespace, canary.namespace))?.file;
    const ownedPaths = [canary.file, ...(targetFile ? [targetFile] : [])];
    const codeowners = settings.codeowners ? { file: settings.codeowners, paths: ownedPaths } : undefined;
    const ownerApprovers = codeowners ? approversFromOwners(ownersOfPaths(codeowners.file, codeowners.paths)) : undefined;
    const approverList = canarySettings.gates.approvers ?? ownerApprovers;
    const approvers = approverList ? describeApprovers(approverList.users, approverList.teams) : undefined;
    const base = {
      deps,
      ports,
      canary,
      settings: canarySettings,
      branch: settings.branch,
      snapshot,
      ...(item.installationId !== undefined ? { installationId: item.installationId } : {}),
      ...(item.sha !== undefined ? { triggerSha: item.sha } : {}),
      ...(approvers ? { approvers } : {}),
      ...(ownerApprovers && !canarySettings.gates.approvers ? { codeownerApprovers: ownerApprovers } : {}),
    };
    // Commands one at a time, each in its own tick, after authorisation.
    const mine = target !== undefined ? commands : [];
    let last = await (async () => {
      let result;
      for (const requested of mine) {
        const allowed = await authoriseCommand(requested, ports, canarySettings, codeowners);
        if (!allowed.allowed) {
          await replyTo(ports, requested, `sorry, ${allowed.reason}. Nothing was changed.`, item.pullNumber);
          continue;
        }
        result = await reconcileCanary({ ...base, command: requested });
        if (result.plan.code === "command-not-applicable") await replyTo(ports, requested, result.plan.message, item.pullNumber);
        // Later commands run on the new state: the snapshot is re-read on the next item.
        if (result.plan.effects.some((e) => e.kind === "commit" || e.kind === "merge-promotion-pr")) {
          const rest = mine.slice(mine.indexOf(requested) + 1);
          if (rest.length) await deps.queue.enqueue({ ...item, canary: canaryKey(canary), commands: rest, reason: "commands" });
          return result;
        }
      }
      return result;
    })();
    last ??= await reconcileCanary(base);
    await deps.queue.enqueue(
      { repo: item.repo, canary: canaryKey(canary), reason: "tick", ...(item.installationId !== undefined ? { installationId: item.installationId } : {}) },
      last.requeueAfterMs,
    );
  }
}
