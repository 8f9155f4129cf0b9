/**
 * `.github/canary-bot.yml` as people write it. Every object is strict, so a misspelt key is an
 * issue with a suggestion, not a silently ignored setting. Defaults are applied by
 * `resolve-repo-config.ts`; rules across fields live in `check-repo-config.ts`.
 */
import * as z from "zod";
import { parseOwner } from "../authz/owner.js";
import { isCanaryName, isNamespace } from "../commands/canary-key.js";
import { GO_DURATION, parseGoDuration } from "../spec/duration.js";

/** Longest fallback delay: a step that takes longer to apply is not a step. */
export const MAX_APPLY_DELAY_MS = 3_600_000;

const approver = z.string().superRefine((text, ctx) => {
  const owner = parseOwner(text);
  if (owner?.kind === "user" || owner?.kind === "team") return;
  if (owner?.kind === "email") {
    ctx.addIssue({ code: "custom", message: "e-mail addresses cannot be matched to GitHub accounts: list @user or @org/team" });
  } else if (!text.startsWith("@") && parseOwner(`@${text}`) !== undefined) {
    ctx.addIssue({ code: "custom", message: `must start with @: write "@${text}"` });
  } else {
    ctx.addIssue({ code: "custom", message: `${JSON.stringify(text)} is neither a user (@login) nor a team (@org/team)` });
  }
});

const branch = z.string().superRefine((text, ctx) => {
  const name = text.replace(/^refs\/heads\//, "");
  // git check-ref-format, in the words a person needs.
  const invalid =
    name === "" ||
    /[\s~^:?*[\\]/.test(name) ||
    Array.from({ length: name.length }, (_, i) => name.charCodeAt(i)).some((code) => code < 0x20 || code === 0x7f) ||
    name.includes("..") ||
    name.includes("@{") ||
    name.includes("//") ||
    /^[/.]|[/.]$/.test(name) ||
    name.endsWith(".lock") ||
    name.split("/").some((part) => part.startsWith("."));
  if (invalid) ctx.addIssue({ code: "custom", message: `${JSON.stringify(text)} is not a valid branch name` });
});

const path = z.string().superRefine((text, ctx) => {
  if (/[*?[\]]/.test(text)) ctx.addIssue({ code: "custom", message: "must be a directory or a file, not a pattern" });
  else if (text.split("/").includes("..")) ctx.addIssue({ code: "custom", message: "must stay inside the repository (no ..)" });
});

const kubernetesName = z.string().refine(isCanaryName, { error: "must be a Kubernetes name (lower-case letters, digits, \"-\" and \".\")" });
const kubernetesNamespace = z.string().refine(isNamespace, { error: "must be a Kubernetes namespace (lower-case letters, digits and \"-\")" });
const clusterName = z.string().regex(/^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/, { error: "must be a cluster name the bot knows (lower-case letters, digits and \"-\")" });

const DURATION_MESSAGE = "must be a Go duration with a unit, such as 30s, 2m or 1m30s";
const applyDelay = z
  .string({ error: DURATION_MESSAGE })
  .regex(GO_DURATION, { error: DURATION_MESSAGE })
  .refine((text) => {
    const ms = parseGoDuration(text) ?? -1;
    return ms > 0 && ms <= MAX_APPLY_DELAY_MS;
  }, { error: "must be more than 0 and at most 1h" });

export const gatesSchema = z.strictObject({
  promotion: z
    .enum(["webhooks", "pull-request"])
    .optional()
    .describe("How promotion is approved: webhooks (Flagger's confirm-promotion hooks, the default) or pull-request (a promotion PR that an approver reviews)"),
  approvers: z
    .array(approver)
    .min(1)
    .optional()
    .describe("Who may approve a promotion and use /canary promote: @user or @org/team. Default: the CODEOWNERS of the Canary's files, else anyone with the commands permission"),
  mergeMethod: z.enum(["merge", "squash", "rebase"]).optional().describe("How the bot merges an approved promotion PR (default merge)"),
});

export const gitopsSchema = z.strictObject({
  tool: z.enum(["flux", "argocd", "none"]).optional().describe("What applies this repository to the cluster; none (the default) means steps are not verified in the cluster"),
  name: kubernetesName.optional().describe("The Flux Kustomization or Argo CD Application that applies the Canary's files; discovered when absent"),
  namespace: kubernetesNamespace.optional().describe("Its namespace (default flux-system for Flux, argocd for Argo CD when name is set)"),
  cluster: clusterName.optional().describe("A cluster configured on the bot's side, by name; repositories never carry credentials"),
  applyDelay: applyDelay.optional().describe("Without cluster access: how long after a commit a step is assumed applied (Go duration; default: the bot's CANARY_BOT_APPLY_DELAY)"),
  nudge: z.boolean().optional().describe("Ask Flux to reconcile right after each commit (reconcile.fluxcd.io/requestedAt); default true"),
});

export const commandsSchema = z.strictObject({
  permission: z
    .enum(["write", "maintain", "admin"])
    .optional()
    .describe("The lowest repository role that may use /canary commands and check-run buttons (default write)"),
});

export const canaryOverridesSchema = z.strictObject({
  gates: gatesSchema.optional(),
  gitops: gitopsSchema.optional(),
});

export const repoConfigSchema = z
  .strictObject({
    branch: branch.optional().describe("The branch the bot watches and commits to (default: the repository's default branch)"),
    paths: z
      .array(path)
      .min(1)
      .optional()
      .describe("Directories or files where Canary, MetricTemplate and AlertProvider specs live (default: the whole repository)"),
    gates: gatesSchema.optional(),
    commands: commandsSchema.optional(),
    gitops: gitopsSchema.optional(),
    metricsServer: z
      .url({ protocol: /^https?$/, error: "must be an http(s) URL such as http://prometheus.monitoring:9090" })
      .optional()
      .describe("Prometheus for the builtin metrics of Canaries that set no metricsServer (default: the bot's CANARY_BOT_METRICS_SERVER)"),
    canaries: z
      .record(z.string(), canaryOverridesSchema)
      .optional()
      .describe("Per-Canary settings, keyed namespace/name, that override gates and gitops for that Canary"),
  })
  .describe("canary-bot repository configuration (.github/canary-bot.yml)");

export type DeclaredConfig = z.output<typeof repoConfigSchema>;
export type DeclaredGates = z.output<typeof gatesSchema>;
export type DeclaredGitops = z.output<typeof gitopsSchema>;
export type DeclaredOverrides = z.output<typeof canaryOverridesSchema>;
