/**
 * Bot commit messages: a human subject and trailers that make the history machine-readable
 * (the bot recognises its own commits by them).
 */
import type { ResolvedCanary } from "../spec/model.js";
import type { CommitIntent, CommitSpec, Phase, RolloutRecord } from "./types.js";

export function canaryId(canary: ResolvedCanary): string {
  return `${canary.namespace}/${canary.name}`;
}

/** The target Deployment as Flagger names it in messages: `podinfo.test`. */
export function targetName(canary: ResolvedCanary): string {
  return `${canary.targetRef.name}.${canary.namespace}`;
}

/** `canary: test/podinfo <text>`. */
export function commitSubject(canary: ResolvedCanary, text: string): string {
  return `canary: ${canaryId(canary)} ${text}`;
}

export function commitTrailers(
  canary: ResolvedCanary,
  record: RolloutRecord,
  step: number,
  phase: Phase,
): Readonly<Record<string, string>> {
  const pullRequest = record.source?.pullRequest;
  return {
    Canary: canaryId(canary),
    "Canary-Revision": record.revision,
    "Canary-Step": String(step),
    "Canary-Phase": phase,
    ...(pullRequest === undefined ? {} : { "Canary-Source": `#${String(pullRequest.number)}` }),
  };
}

export function commitSpec(
  canary: ResolvedCanary,
  record: RolloutRecord,
  step: number,
  intent: CommitIntent,
  text: string,
): CommitSpec {
  return { intent, subject: commitSubject(canary, text), trailers: commitTrailers(canary, record, step, record.phase) };
}

/** Revisions are content hashes; subjects show a prefix, trailers the whole value. */
export function shortRevision(revision: string): string {
  return revision.length > 12 ? revision.slice(0, 12) : revision;
}

/** `20% → 30%`. */
export function weightChange(from: number, to: number): string {
  return `${String(from)}% → ${String(to)}%`;
}
