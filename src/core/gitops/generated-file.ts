/**
 * The bot-owned file next to the Canary: `<apex>.canary-bot.yaml`. It is rendered whole from
 * its objects, deterministically, so re-rendering with one weight changed changes one line per
 * weight. Hand edits are not preserved (the header says so).
 */
import type { ResolvedCanary } from "../spec/model.js";
import { dirOf, joinPath } from "./repo-index.js";
import { renderYaml } from "./yaml/yaml-file.js";

const STYLE = { indent: 2, indentSeq: true } as const;

export function generatedFilePath(canary: ResolvedCanary): string {
  return joinPath(dirOf(canary.file), `${canary.service.apex}.canary-bot.yaml`);
}

export function generatedFileHeader(canary: ResolvedCanary): string {
  return [
    `# Managed by canary-bot for Canary ${canary.namespace}/${canary.name} (${canary.file}).`,
    "# Do not edit: canary-bot rewrites this file at every rollout step. Change the Canary or",
    `# the Deployment ${canary.targetRef.name} instead.`,
    "",
  ].join("\n");
}

type Json = Record<string, unknown>;

const KIND_ORDER = ["Deployment", "HorizontalPodAutoscaler", "ConfigMap", "Secret", "Service", "HTTPRoute"];

function rank(o: Json): number {
  const i = KIND_ORDER.indexOf(typeof o.kind === "string" ? o.kind : "");
  return i < 0 ? KIND_ORDER.length : i;
}

function nameOf(o: Json): string {
  const meta = o.metadata as Json | undefined;
  return typeof meta?.name === "string" ? meta.name : "";
}

/** Objects in a stable order: by kind, then name. */
export function renderGeneratedFile(canary: ResolvedCanary, objects: readonly Json[]): string {
  const sorted = [...objects].sort((a, b) => rank(a) - rank(b) || (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0));
  return generatedFileHeader(canary) + sorted.map((o) => `---\n${renderYaml(o, STYLE)}`).join("");
}
