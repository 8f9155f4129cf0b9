/**
 * Reads `.github/canary-bot.yml`: YAML with positions, the schema, the rules across fields, then
 * defaults. Every problem is a `file:line:column: field: message` issue; nothing here throws.
 */
import type { SpecIssue } from "../errors.js";
import { parseYamlDocuments } from "../spec/yaml-documents.js";
import { zodIssuesToSpecIssues } from "../spec/zod-issues.js";
import { checkRepoConfig } from "./check-repo-config.js";
import type { RepoConfig, RepoConfigDefaults } from "./repo-config.js";
import { repoConfigSchema, type DeclaredConfig } from "./repo-config-schema.js";
import { resolveCanaryConfig } from "./resolve-repo-config.js";

export type RepoConfigResult =
  | { readonly config: RepoConfig; readonly warnings: readonly SpecIssue[] }
  | { readonly issues: readonly SpecIssue[] };

/** Keys of Probot's config loader that this file does not support, with what to do instead. */
const PROBOT_KEYS: Readonly<Record<string, string>> = {
  _extends: "is not supported: canary-bot reads only this repository's file; copy the settings here",
};

function error(file: string, message: string, line = 1, column = 1, field = "(file)"): SpecIssue {
  return { location: { file, line, column }, field, message, severity: "error" };
}

function build(file: string | undefined, declared: DeclaredConfig, defaults: RepoConfigDefaults): RepoConfig {
  return { ...resolveCanaryConfig(declared, defaults), file, canaries: declared.canaries ?? {}, declared, defaults };
}

/** The configuration of a repository without the file. */
export function defaultRepoConfig(defaults: RepoConfigDefaults): RepoConfig {
  return build(undefined, {}, defaults);
}

/** `text` undefined: the repository has no such file, and every default applies. */
export function parseRepoConfig(file: string, text: string | undefined, defaults: RepoConfigDefaults): RepoConfigResult {
  if (text === undefined) return { config: defaultRepoConfig(defaults), warnings: [] };
  const parsed = parseYamlDocuments(file, text);
  const syntax = parsed.issues.filter((i) => i.severity === "error");
  if (syntax.length > 0) return { issues: syntax };
  const yamlWarnings = parsed.issues.filter((i) => i.severity === "warning");
  const [document, second] = parsed.documents;
  if (second !== undefined) {
    return { issues: [error(file, "must hold one YAML document; remove the --- separators", second.location.line, second.location.column)] };
  }
  // Empty, or only comments: every default applies.
  if (document === undefined) return { config: build(file, {}, defaults), warnings: yamlWarnings };
  const raw = document.value;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { issues: [error(file, "must be a mapping of settings (branch:, gates:, gitops:, …)", document.location.line, document.location.column)] };
  }

  const probotIssues: SpecIssue[] = Object.keys(raw)
    .filter((key) => Object.hasOwn(PROBOT_KEYS, key))
    .map((key) => {
      const { line, column } = document.locate([key]);
      return error(file, PROBOT_KEYS[key] ?? "", line, column, key);
    });
  const withoutProbotKeys = Object.fromEntries(Object.entries(raw).filter(([key]) => !Object.hasOwn(PROBOT_KEYS, key)));
  const result = repoConfigSchema.safeParse(withoutProbotKeys);
  if (!result.success) {
    const schemaIssues = zodIssuesToSpecIssues(result.error.issues, { raw, schema: repoConfigSchema, locate: document.locate });
    return { issues: [...probotIssues, ...schemaIssues] };
  }
  const crossField = checkRepoConfig(result.data, document.locate);
  const errors = [...probotIssues, ...crossField.filter((i) => i.severity === "error")];
  if (errors.length > 0) return { issues: errors };
  return { config: build(file, result.data, defaults), warnings: [...yamlWarnings, ...crossField.filter((i) => i.severity === "warning")] };
}
