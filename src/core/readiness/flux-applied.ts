import type { AppliedState } from "../machine/types.js";
import type { ConditionLike } from "./condition.js";
import { describeCondition, findCondition } from "./condition.js";
import type { IsDescendant } from "./git-revision.js";
import { commitOfRevision, revisionCovers, shortSha } from "./git-revision.js";

/** The fields of a Flux `Kustomization` (`kustomize.toolkit.fluxcd.io/v1`) the barrier reads. */
export interface FluxKustomizationLike {
  readonly metadata: {
    readonly namespace: string;
    readonly name: string;
    readonly generation?: number | undefined;
  };
  readonly spec?: { readonly suspend?: boolean | undefined } | undefined;
  readonly status?:
    | {
        readonly observedGeneration?: number | undefined;
        /** `<ref>@sha1:<commit>`: the last revision applied successfully (health checks included). */
        readonly lastAppliedRevision?: string | undefined;
        readonly lastAttemptedRevision?: string | undefined;
        /** For OCI sources built from Git: the Git revision the artifact was built from. */
        readonly lastAppliedOriginRevision?: string | undefined;
        readonly conditions?: readonly ConditionLike[] | undefined;
      }
    | undefined;
}

/**
 * Reasons for `Ready=False` that Flux itself retries without a new revision: they mean "not yet",
 * not "this commit failed".
 */
const WAITING_REASONS: ReadonlySet<string> = new Set(["DependencyNotReady", "ArtifactFailed", "Progressing"]);

/**
 * Is the bot's commit live through this Kustomization?
 *
 * Applied: `status.lastAppliedRevision` is the commit or a descendant, the status is for the
 * current generation (`status.observedGeneration == metadata.generation`) and `Ready` is `True`.
 * Failed: `Ready=False` for a reason Flux does not simply wait out, on an attempt
 * (`lastAttemptedRevision`) that contains the commit; the condition's message is the reason.
 * A failure on an older revision is reported inside a pending state: the commit has not been
 * tried yet. Everything else is pending, with a reason that says what Flux is doing.
 */
export async function fluxApplied(
  kustomization: FluxKustomizationLike,
  commitSha: string,
  isDescendant: IsDescendant,
): Promise<AppliedState> {
  const { namespace, name } = kustomization.metadata;
  const id = `Kustomization ${namespace}/${name}`;
  const status = kustomization.status ?? {};
  const ready = findCondition(status.conditions, "Ready");
  const want = shortSha(commitSha);

  const appliedRevision = status.lastAppliedRevision ?? "";
  const applied =
    commitOfRevision(appliedRevision, commitSha) ?? commitOfRevision(status.lastAppliedOriginRevision ?? "", commitSha);
  const attempted = commitOfRevision(status.lastAttemptedRevision ?? "", commitSha);
  const failure = ready?.status === "False" && !WAITING_REASONS.has(ready.reason ?? "") ? ready : undefined;

  if (!(await revisionCovers(applied, commitSha, isDescendant))) {
    if (failure !== undefined && attempted !== undefined && (await revisionCovers(attempted, commitSha, isDescendant))) {
      return { state: "failed", reason: `${id} failed to apply ${shortSha(attempted)}: ${describeCondition(failure)}` };
    }
    return { state: "pending", reason: behindReason(kustomization, applied, want, ready) };
  }

  const generation = kustomization.metadata.generation;
  const observed = status.observedGeneration;
  if (generation !== undefined && (observed === undefined || observed < generation)) {
    return {
      state: "pending",
      reason:
        `${id} has applied ${appliedLabel(applied, appliedRevision)} but its status is for generation ` +
        `${observed === undefined ? "(none)" : String(observed)}, the object is at generation ${generation}: ` +
        "waiting for Flux to reconcile it",
    };
  }
  if (ready === undefined) {
    return { state: "pending", reason: `${id} has applied ${appliedLabel(applied, appliedRevision)} but reports no Ready condition yet` };
  }
  switch (ready.status) {
    case "True":
      return { state: "applied", verified: true, via: `Flux ${id} at ${appliedRevision || (applied ?? "")}` };
    case "False":
      if (failure !== undefined) {
        return { state: "failed", reason: `${id} is not Ready after applying ${appliedLabel(applied, appliedRevision)}: ${describeCondition(failure)}` };
      }
      return { state: "pending", reason: `${id} is not Ready yet: ${describeCondition(ready)}` };
    default:
      return { state: "pending", reason: `${id} is reconciling (Ready=${ready.status}): ${describeCondition(ready)}` };
  }
}

function behindReason(
  kustomization: FluxKustomizationLike,
  applied: string | undefined,
  want: string,
  ready: ConditionLike | undefined,
): string {
  const status = kustomization.status ?? {};
  const raw = status.lastAppliedRevision ?? "";
  let reason: string;
  if (applied !== undefined) {
    reason = `Flux has applied ${shortSha(applied)}, waiting for ${want}`;
  } else if (raw !== "") {
    reason =
      `Kustomization ${kustomization.metadata.namespace}/${kustomization.metadata.name} applies revision "${raw}", ` +
      `which names no Git commit comparable with ${want}; it cannot confirm the commit (check the Kustomization's source)`;
  } else {
    reason = `Flux has not applied any revision of Kustomization ${kustomization.metadata.namespace}/${kustomization.metadata.name} yet, waiting for ${want}`;
  }
  if (kustomization.spec?.suspend === true) reason += "; the Kustomization is suspended (spec.suspend: true) and will not apply new revisions";
  if (ready?.status === "False") reason += `; last reconciliation: ${describeCondition(ready)}`;
  return reason;
}

function appliedLabel(applied: string | undefined, raw: string): string {
  return applied === undefined ? raw : shortSha(applied);
}
