import { describe, expect, it } from "vitest";
import { configFor, inScope } from "../../../../src/core/config/config-for.js";
import { configCheckRun } from "../../../../src/core/config/config-check-run.js";
import { defaultRepoConfig, parseRepoConfig, type RepoConfigResult } from "../../../../src/core/config/parse-repo-config.js";
import { REPO_CONFIG_PATH, type CanaryConfig } from "../../../../src/core/config/repo-config.js";
import { repoConfigJsonSchema } from "../../../../src/core/config/repo-config-json-schema.js";
import { formatSpecIssue } from "../../../../src/core/errors.js";

const DEFAULTS = { branch: "main", metricsServer: "http://prometheus:9090" };
const FILE = REPO_CONFIG_PATH;

function parse(text: string | undefined): RepoConfigResult {
  return parseRepoConfig(FILE, text, DEFAULTS);
}

function issues(text: string): string[] {
  const result = parse(text);
  if (!("issues" in result)) throw new Error(`expected issues, got a config`);
  return result.issues.map(formatSpecIssue);
}

function config(text: string | undefined) {
  const result = parse(text);
  if (!("config" in result)) throw new Error(`expected a config, got:\n${result.issues.map(formatSpecIssue).join("\n")}`);
  return result;
}

const ALL_DEFAULTS: CanaryConfig = {
  branch: "main",
  paths: ["."],
  gates: { promotion: "webhooks", mergeMethod: "merge" },
  commands: { permission: "write" },
  gitops: { tool: "none", nudge: true },
  metricsServer: "http://prometheus:9090",
};

const FULL = `# canary-bot settings
branch: release
paths: [./apps/, /platform/canaries, apps]
gates:
  promotion: pull-request
  approvers: ["@acme/platform", "@alice"]
  mergeMethod: squash
commands:
  permission: maintain
gitops:
  tool: flux
  name: apps
  cluster: prod
  applyDelay: 1m30s
  nudge: false
metricsServer: https://prometheus.monitoring:9090
canaries:
  test/podinfo:
    gates:
      approvers: ["@acme/podinfo-owners"]
    gitops:
      tool: argocd
      name: podinfo
  prod/api:
    gitops:
      namespace: flux-apps
`;

describe("parseRepoConfig", () => {
  it("uses every default without a file", () => {
    const result = config(undefined);
    expect(result.warnings).toEqual([]);
    expect(configFor(result.config, "test/podinfo")).toEqual(ALL_DEFAULTS);
    expect(result.config.file).toBeUndefined();
    expect(defaultRepoConfig(DEFAULTS)).toEqual(result.config);
  });

  it.each(["", "# nothing set yet\n", "---\n"])("uses every default for an empty file %j", (text) => {
    const result = config(text);
    expect(result.config.file).toBe(FILE);
    expect(configFor(result.config, "test/podinfo")).toEqual(ALL_DEFAULTS);
  });

  it("reads every setting", () => {
    const { config: parsed, warnings } = config(FULL);
    expect(warnings).toEqual([]);
    const top: CanaryConfig = {
      branch: "release",
      paths: ["apps", "platform/canaries"],
      gates: { promotion: "pull-request", approvers: { users: ["alice"], teams: ["acme/platform"] }, mergeMethod: "squash" },
      commands: { permission: "maintain" },
      gitops: { tool: "flux", name: "apps", namespace: "flux-system", cluster: "prod", applyDelayMs: 90_000, nudge: false },
      metricsServer: "https://prometheus.monitoring:9090",
    };
    expect(configFor(parsed, "other/canary")).toEqual(top);
    expect(parsed).toMatchObject(top);
    // Overrides replace field by field; the tool's namespace follows the overriding tool.
    expect(configFor(parsed, "test/podinfo")).toEqual({
      ...top,
      gates: { ...top.gates, approvers: { users: [], teams: ["acme/podinfo-owners"] } },
      gitops: { tool: "argocd", name: "podinfo", namespace: "argocd", cluster: "prod", applyDelayMs: 90_000, nudge: false },
    });
    expect(configFor(parsed, "prod/api").gitops).toEqual({ ...top.gitops, namespace: "flux-apps" });
  });

  it("treats keys named like object members as unknown fields", () => {
    expect(issues("toString: 1\n")).toEqual([`${FILE}:1:1: toString: unknown field`]);
    expect(configFor(config("{}\n").config, "constructor")).toEqual(ALL_DEFAULTS);
  });

  it("strips refs/heads/ from the branch", () => {
    expect(config("branch: refs/heads/trunk\n").config.branch).toBe("trunk");
  });

  it("takes the metrics server from the bot when the file sets none, and leaves it unset when neither does", () => {
    expect(parseRepoConfig(FILE, "gates: {promotion: pull-request}\n", { branch: "main" })).toMatchObject({ config: { branch: "main" } });
    const result = parseRepoConfig(FILE, "{}\n", { branch: "main" });
    expect("config" in result && result.config.metricsServer).toBe(undefined);
  });

  it.each([
    ["an unknown key, with a suggestion and its exact line", "gates:\n  promotion: webhooks\n  aprovers: ['@alice']\n", [
      `${FILE}:3:3: gates.aprovers: unknown field; did you mean approvers?`,
    ]],
    ["an unknown top-level key", "branch: main\ngitopz:\n  tool: flux\n", [`${FILE}:2:1: gitopz: unknown field; did you mean gitops?`]],
    ["an unknown key in an override", "canaries:\n  test/podinfo:\n    gate:\n      promotion: webhooks\n", [
      `${FILE}:3:5: canaries["test/podinfo"].gate: unknown field; did you mean gates?`,
    ]],
    ["an unknown key without a near match", "colour: blue\n", [`${FILE}:1:1: colour: unknown field`]],
    ["a wrong enum", "gates:\n  promotion: review\n", [
      `${FILE}:2:3: gates.promotion: must be one of "webhooks", "pull-request", got "review"`,
    ]],
    ["a wrong type", "gitops:\n  nudge: yes please\n", [`${FILE}:2:3: gitops.nudge: must be true or false, got "yes please"`]],
    ["a list where a mapping belongs", "gates: [webhooks]\n", [`${FILE}:1:1: gates: must be a mapping, got a list`]],
    ["an empty section", "gates:\n", [`${FILE}:1:1: gates: must be a mapping, got an empty value`]],
    ["an approver without @", "gates:\n  approvers: [alice, '@acme/platform']\n", [
      `${FILE}:2:15: gates.approvers[0]: must start with @: write "@alice"`,
    ]],
    ["an e-mail approver", "gates:\n  approvers:\n    - ops@example.com\n", [
      `${FILE}:3:7: gates.approvers[0]: e-mail addresses cannot be matched to GitHub accounts: list @user or @org/team`,
    ]],
    ["a malformed approver", "gates:\n  approvers: ['@acme/']\n", [
      `${FILE}:2:15: gates.approvers[0]: "@acme/" is neither a user (@login) nor a team (@org/team)`,
    ]],
    ["an empty approver list", "gates:\n  approvers: []\n", [`${FILE}:2:3: gates.approvers: must have at least 1 item`]],
    ["a minimum role below write", "commands:\n  permission: triage\n", [
      `${FILE}:2:3: commands.permission: must be one of "write", "maintain", "admin", got "triage"`,
    ]],
    ["an invalid duration", "gitops:\n  tool: flux\n  applyDelay: 90\n", [
      `${FILE}:3:3: gitops.applyDelay: must be a Go duration with a unit, such as 30s, 2m or 1m30s`,
    ]],
    ["a duration that is not text", "gitops:\n  applyDelay: [1m]\n", [
      `${FILE}:2:3: gitops.applyDelay: must be a Go duration with a unit, such as 30s, 2m or 1m30s`,
    ]],
    ["a duration over an hour", "gitops:\n  applyDelay: 2h\n", [`${FILE}:2:3: gitops.applyDelay: must be more than 0 and at most 1h`]],
    ["a glob in paths", "paths: ['apps/*']\n", [`${FILE}:1:9: paths[0]: must be a directory or a file, not a pattern`]],
    ["a path leaving the repository", "paths:\n  - ../other\n", [`${FILE}:2:5: paths[0]: must stay inside the repository (no ..)`]],
    ["an invalid branch", "branch: 'my branch'\n", [`${FILE}:1:1: branch: "my branch" is not a valid branch name`]],
    ["a metrics server that is not a URL", "metricsServer: prometheus:9090\n", [
      `${FILE}:1:1: metricsServer: must be an http(s) URL such as http://prometheus.monitoring:9090`,
    ]],
    ["an invalid Kubernetes name", "gitops:\n  tool: flux\n  name: Apps\n", [
      `${FILE}:3:3: gitops.name: must be a Kubernetes name (lower-case letters, digits, "-" and ".")`,
    ]],
    ["a Canary key without namespace", "canaries:\n  podinfo:\n    gates: {promotion: pull-request}\n", [
      `${FILE}:2:3: canaries.podinfo: must be a Canary as namespace/name (e.g. test/podinfo), got "podinfo"`,
    ]],
    ["gitops fields without a tool", "gitops:\n  name: apps\n  cluster: prod\n", [
      `${FILE}:2:3: gitops.name: has no effect while gitops.tool is none: set gitops.tool to flux or argocd, or remove it`,
      `${FILE}:3:3: gitops.cluster: has no effect while gitops.tool is none: set gitops.tool to flux or argocd, or remove it`,
    ]],
    ["an override turning the tool off under a named Kustomization", "gitops:\n  tool: flux\n  name: apps\ncanaries:\n  test/podinfo:\n    gitops:\n      tool: none\n", [
      `${FILE}:3:3: gitops.name: has no effect while gitops.tool is none: set gitops.tool to flux or argocd, or remove it`,
    ]],
    ["Probot's _extends", "_extends: .github\nbranch: main\n", [
      `${FILE}:1:1: _extends: is not supported: canary-bot reads only this repository's file; copy the settings here`,
    ]],
    ["a YAML syntax error", "gates:\n  promotion: [webhooks\n", [`${FILE}:3:1: yaml: Flow sequence in block collection must be sufficiently indented and end with a ]`]],
    ["a scalar document", "just text\n", [`${FILE}:1:1: (file): must be a mapping of settings (branch:, gates:, gitops:, …)`]],
    ["two documents", "branch: main\n---\nbranch: dev\n", [`${FILE}:3:1: (file): must hold one YAML document; remove the --- separators`]],
  ])("reports %s", (_name, text, expected) => {
    expect(issues(text)).toEqual(expected);
  });

  it("warns about settings that have no effect, and still reads the file", () => {
    const result = config("gitops:\n  tool: argocd\n  nudge: true\n");
    expect(result.warnings.map(formatSpecIssue)).toEqual([`${FILE}:3:3: gitops.nudge: applies to Flux only; Argo CD is not nudged`]);
    expect(result.config.gitops).toEqual({ tool: "argocd", nudge: true });
  });

  it("reports every problem at once", () => {
    expect(issues("branch: 'a b'\ngates:\n  promotion: maybe\ncommands:\n  role: admin\n")).toEqual([
      `${FILE}:1:1: branch: "a b" is not a valid branch name`,
      `${FILE}:3:3: gates.promotion: must be one of "webhooks", "pull-request", got "maybe"`,
      `${FILE}:5:3: commands.role: unknown field`,
    ]);
  });
});

describe("inScope", () => {
  it.each<[readonly string[], string, boolean]>([
    [["."], "anything/at/all.yaml", true],
    [["apps"], "apps/podinfo/canary.yaml", true],
    [["apps"], "apps", true],
    [["apps"], "apps-old/canary.yaml", false],
    [["apps", "platform/canary.yaml"], "platform/canary.yaml", true],
    [["apps"], "/apps/x.yaml", true],
  ])("paths %j include %s: %s", (paths, path, expected) => {
    expect(inScope(paths, path)).toBe(expected);
  });
});

describe("configCheckRun", () => {
  it("turns a broken file into a failing check with annotations", () => {
    const result = parse("gates:\n  aprovers: ['@alice']\ngitops:\n  tool: fluxcd\n");
    if (!("issues" in result)) throw new Error("expected issues");
    const run = configCheckRun(FILE, result.issues);
    expect(run.name).toBe("canary-bot: configuration");
    expect([run.status, run.conclusion, run.title]).toEqual(["completed", "failure", `2 problems in ${FILE}`]);
    expect(run.summary).toContain(
      [
        "```text",
        `${FILE}:2:3: gates.aprovers: unknown field; did you mean approvers?`,
        `${FILE}:4:3: gitops.tool: must be one of "flux", "argocd", "none", got "fluxcd"`,
        "```",
      ].join("\n"),
    );
    expect(run.annotations).toEqual([
      { path: FILE, startLine: 2, endLine: 2, level: "failure", title: "gates.aprovers", message: "unknown field; did you mean approvers?" },
      { path: FILE, startLine: 4, endLine: 4, level: "failure", title: "gitops.tool", message: 'must be one of "flux", "argocd", "none", got "fluxcd"' },
    ]);
  });

  it("says 1 problem in the singular", () => {
    const run = configCheckRun(FILE, [{ location: { file: FILE, line: 1, column: 1 }, field: "x", message: "bad", severity: "error" }]);
    expect(run.title).toBe(`1 problem in ${FILE}`);
  });
});

describe("repoConfigJsonSchema", () => {
  it("describes every top-level setting", () => {
    const schema = repoConfigJsonSchema();
    expect(Object.keys(schema.properties as object)).toEqual(["branch", "paths", "gates", "commands", "gitops", "metricsServer", "canaries"]);
    expect(schema.additionalProperties).toBe(false);
  });
});
