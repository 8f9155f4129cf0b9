import type { AppliedState } from "../machine/types.js";
import type { IsDescendant } from "./git-revision.js";
import { commitOfRevision, revisionCovers, shortSha } from "./git-revision.js";

interface ArgoRevisions {
  readonly revision?: string | undefined;
  /** Multi-source Applications (`spec.sources`) report one revision per source. */
  readonly revisions?: readonly string[] | undefined;
}

/** The fields of an Argo CD `Application` (`argoproj.io/v1alpha1`) the barrier reads. */
export interface ArgoApplicationLike {
  readonly metadata: { readonly namespace: string; readonly name: string };
  readonly status?:
    | {
        /** `Synced`, `OutOfSync` or `Unknown`, for the revision in `revision(s)`. */
        readonly sync?: (ArgoRevisions & { readonly status?: string | undefined }) | undefined;
        readonly health?: { readonly status?: string | undefined; readonly message?: string | undefined } | undefined;
        readonly operationState?:
          | {
              /** `Running`, `Terminating`, `Succeeded`, `Failed` or `Error`. */
              readonly phase?: string | undefined;
              readonly message?: string | undefined;
              readonly syncResult?: ArgoRevisions | undefined;
              readonly operation?: { readonly sync?: ArgoRevisions | undefined } | undefined;
            }
          | undefined;
        readonly conditions?: readonly { readonly type: string; readonly message?: string | undefined }[] | undefined;
      }
    | undefined;
}

/**
 * Is the bot's commit live through this Application?
 *
 * Applied: `status.sync.revision` (or one of `status.sync.revisions`) is the commit or a
 * descendant and `status.sync.status` is `Synced`, with no sync operation of that revision still
 * running. Failed: the last sync operation (`status.operationState`) ended `Failed` or `Error` on
 * a revision that contains the commit. `OutOfSync`, `Unknown`, an older revision or a running
 * operation are pending. Health is reported but not required: readiness of the workloads is
 * judged separately, and an unrelated Degraded resource must not hold a weight step forever.
 */
export async function argoApplied(
  application: ArgoApplicationLike,
  commitSha: string,
  isDescendant: IsDescendant,
): Promise<AppliedState> {
  const { namespace, name } = application.metadata;
  const id = `Application ${namespace}/${name}`;
  const status = application.status ?? {};
  const want = shortSha(commitSha);

  const operation = status.operationState;
  const operationRevision = await firstCovering(
    revisionsOf(operation?.syncResult) ?? revisionsOf(operation?.operation?.sync) ?? [],
    commitSha,
    isDescendant,
  );
  if (operation !== undefined && operationRevision !== undefined) {
    const phase = operation.phase ?? "";
    if (phase === "Failed" || phase === "Error") {
      const message = operation.message === undefined ? "" : `: ${operation.message}`;
      return { state: "failed", reason: `${id}: sync of ${shortSha(operationRevision)} ended ${phase}${message}` };
    }
    if (phase === "Running" || phase === "Terminating") {
      return { state: "pending", reason: `${id}: sync of ${shortSha(operationRevision)} is ${phase}` };
    }
  }

  const sync = status.sync;
  const syncRevisions = revisionsOf(sync) ?? [];
  const synced = await firstCovering(syncRevisions, commitSha, isDescendant);
  const syncStatus = sync?.status ?? "Unknown";
  if (synced === undefined) {
    const seen = syncRevisions.map((r) => commitOfRevision(r, commitSha) ?? r);
    const at = seen.length === 0 ? "no revision yet" : seen.map((r) => shortSha(r)).join(", ");
    return {
      state: "pending",
      reason: `Argo CD ${id} is at ${at} (${syncStatus}), waiting for ${want}${conditionNote(status.conditions)}`,
    };
  }
  if (syncStatus !== "Synced") {
    return {
      state: "pending",
      reason: `Argo CD ${id} is ${syncStatus} at ${shortSha(synced)}: waiting for it to sync${conditionNote(status.conditions)}`,
    };
  }
  const health = status.health?.status;
  return {
    state: "applied",
    verified: true,
    via: `Argo CD ${id} Synced at ${shortSha(synced)}${health === undefined ? "" : ` (health ${health})`}`,
  };
}

function revisionsOf(source: ArgoRevisions | undefined): readonly string[] | undefined {
  if (source?.revisions !== undefined && source.revisions.length > 0) return source.revisions;
  if (source?.revision !== undefined && source.revision !== "") return [source.revision];
  return undefined;
}

async function firstCovering(
  revisions: readonly string[],
  commitSha: string,
  isDescendant: IsDescendant,
): Promise<string | undefined> {
  for (const revision of revisions) {
    const sha = commitOfRevision(revision, commitSha);
    if (await revisionCovers(sha, commitSha, isDescendant)) return sha;
  }
  return undefined;
}

/** Argo CD puts comparison and sync errors in `status.conditions`; they explain a stuck sync. */
function conditionNote(conditions: readonly { readonly type: string; readonly message?: string | undefined }[] | undefined): string {
  const errors = (conditions ?? []).filter((c) => c.type.endsWith("Error"));
  if (errors.length === 0) return "";
  return `; ${errors.map((c) => `${c.type}: ${c.message ?? ""}`).join("; ")}`;
}
