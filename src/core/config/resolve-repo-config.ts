/** Defaults, applied the same way to the top level and to a Canary's overrides on top of it. */
import type { Approvers } from "../authz/approvers.js";
import { parseOwner } from "../authz/owner.js";
import { parseGoDuration } from "../spec/duration.js";
import type { CanaryConfig, GitopsConfig, GitopsTool, RepoConfigDefaults } from "./repo-config.js";
import type { DeclaredConfig, DeclaredGates, DeclaredGitops, DeclaredOverrides } from "./repo-config-schema.js";

const TOOL_NAMESPACE: Readonly<Record<Exclude<GitopsTool, "none">, string>> = { flux: "flux-system", argocd: "argocd" };

function approversOf(written: readonly string[]): Approvers {
  const users: string[] = [];
  const teams: string[] = [];
  for (const text of written) {
    const owner = parseOwner(text);
    if (owner?.kind === "user") users.push(owner.login);
    else if (owner?.kind === "team") teams.push(owner.team);
  }
  return { users, teams };
}

/** `./apps/`, `/apps` and `apps` are the same directory; `.`, `/` and `./` the whole repository. */
export function normalisePath(text: string): string {
  const trimmed = text.trim().replace(/^(?:\.\/|\/)+/, "").replace(/\/+$/, "");
  return trimmed === "" || trimmed === "." ? "." : trimmed;
}

function resolveGitops(written: DeclaredGitops): GitopsConfig {
  const tool = written.tool ?? "none";
  const namespace = written.namespace ?? (written.name !== undefined && tool !== "none" ? TOOL_NAMESPACE[tool] : undefined);
  const applyDelayMs = written.applyDelay === undefined ? undefined : parseGoDuration(written.applyDelay);
  return {
    tool,
    ...(written.name === undefined ? {} : { name: written.name }),
    ...(namespace === undefined ? {} : { namespace }),
    ...(written.cluster === undefined ? {} : { cluster: written.cluster }),
    ...(applyDelayMs === undefined ? {} : { applyDelayMs }),
    nudge: written.nudge ?? true,
  };
}

function resolveGates(written: DeclaredGates): CanaryConfig["gates"] {
  return {
    promotion: written.promotion ?? "webhooks",
    ...(written.approvers === undefined ? {} : { approvers: approversOf(written.approvers) }),
    mergeMethod: written.mergeMethod ?? "merge",
  };
}

/** The file's values with a Canary's overrides on top: each field of gates and gitops replaces. */
export function mergeOverrides(declared: DeclaredConfig, overrides: DeclaredOverrides | undefined): DeclaredConfig {
  if (overrides === undefined) return declared;
  return {
    ...declared,
    gates: { ...declared.gates, ...overrides.gates },
    gitops: { ...declared.gitops, ...overrides.gitops },
  };
}

export function resolveCanaryConfig(declared: DeclaredConfig, defaults: RepoConfigDefaults): CanaryConfig {
  const metricsServer = declared.metricsServer ?? defaults.metricsServer;
  return {
    branch: (declared.branch ?? defaults.branch).replace(/^refs\/heads\//, ""),
    paths: [...new Set((declared.paths ?? ["."]).map(normalisePath))],
    gates: resolveGates(declared.gates ?? {}),
    commands: { permission: declared.commands?.permission ?? "write" },
    gitops: resolveGitops(declared.gitops ?? {}),
    ...(metricsServer === undefined ? {} : { metricsServer }),
  };
}
