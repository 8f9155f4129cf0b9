import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CLI_FIXTURES, EXAMPLES } from "./support/paths.js";
import { runBin } from "./support/run-bin.js";

const TYPO = join(CLI_FIXTURES, "typo");

const TYPO_ISSUES = [
  'alerts/on-call.yaml:7:3: spec.type: must be one of "slack", "msteams", "discord", "rocket", "gchat", got "slak"',
  "apps/podinfo/canary.yaml:14:5: warning: spec.service.trafficPolicy: not supported by the Gateway API router (Istio only); ignored",
  "apps/podinfo/canary.yaml:24:5: spec.analysis.stepweight: unknown field; did you mean stepWeight?",
];

describe("canary-bot validate", () => {
  const temp = mkdtempSync(join(tmpdir(), "canary-bot-validate-"));
  afterAll(() => {
    rmSync(temp, { recursive: true, force: true });
  });

  it("passes the examples repository without issues", async () => {
    const result = await runBin(["validate", "examples/gitops"]);
    expect(result).toEqual({ code: 0, stdout: "5 Canaries, 2 MetricTemplates, 1 AlertProvider: no issues\n", stderr: "" });
  });

  it("prints every issue as file:line:column: field: message, marks warnings, and exits 1 on errors", async () => {
    const result = await runBin(["validate", "gitops"], { cwd: TYPO });
    expect(result).toEqual({
      code: 1,
      stdout: [...TYPO_ISSUES, "1 Canary, 2 MetricTemplates, 1 AlertProvider: 2 errors, 1 warning", ""].join("\n"),
      stderr: "",
    });
  });

  it("validates the current directory by default, and names each directory when given several", async () => {
    expect((await runBin(["validate"], { cwd: join(EXAMPLES, "gitops") })).stdout).toBe("5 Canaries, 2 MetricTemplates, 1 AlertProvider: no issues\n");
    const both = await runBin(["validate", "examples/gitops/", join(TYPO, "gitops")]);
    expect(both.code).toBe(1);
    expect(both.stdout).toBe(
      [
        "examples/gitops: 5 Canaries, 2 MetricTemplates, 1 AlertProvider: no issues",
        ...TYPO_ISSUES,
        `${join(TYPO, "gitops")}: 1 Canary, 2 MetricTemplates, 1 AlertProvider: 2 errors, 1 warning`,
        "",
      ].join("\n"),
    );
  });

  it("writes a stable JSON document", async () => {
    const result = await runBin(["validate", "gitops", "--format", "json"], { cwd: TYPO });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      schemaVersion: 1,
      valid: false,
      errors: 2,
      warnings: 1,
      repositories: [
        {
          dir: "gitops",
          files: 5,
          objects: { Canary: 1, MetricTemplate: 2, AlertProvider: 1 },
          errors: 2,
          warnings: 1,
          issues: [
            {
              severity: "error",
              file: "alerts/on-call.yaml",
              line: 7,
              column: 3,
              field: "spec.type",
              message: 'must be one of "slack", "msteams", "discord", "rocket", "gchat", got "slak"',
              text: TYPO_ISSUES[0],
            },
            {
              severity: "warning",
              file: "apps/podinfo/canary.yaml",
              line: 14,
              column: 5,
              field: "spec.service.trafficPolicy",
              message: "not supported by the Gateway API router (Istio only); ignored",
              text: TYPO_ISSUES[1],
            },
            {
              severity: "error",
              file: "apps/podinfo/canary.yaml",
              line: 24,
              column: 5,
              field: "spec.analysis.stepweight",
              message: "unknown field; did you mean stepWeight?",
              text: TYPO_ISSUES[2],
            },
          ],
        },
      ],
    });
    const valid = JSON.parse((await runBin(["validate", "examples/gitops", "--format=json"])).stdout);
    expect(valid).toMatchObject({ schemaVersion: 1, valid: true, errors: 0, warnings: 0 });
  });

  it("skips node_modules and .git, follows symlinks inside the tree and none out of it", async () => {
    const repo = join(temp, "repo");
    cpSync(join(EXAMPLES, "gitops"), repo, { recursive: true });
    const broken = "apiVersion: flagger.app/v1beta1\nkind: Canary\nmetadata:\n  name: broken\nspec: 3\n";
    for (const dir of ["node_modules/chart", ".git/refs"]) {
      mkdirSync(join(repo, dir), { recursive: true });
      writeFileSync(join(repo, dir, "canary.yaml"), broken);
    }
    const outside = join(temp, "outside");
    mkdirSync(outside);
    writeFileSync(join(outside, "canary.yaml"), broken);
    symlinkSync(outside, join(repo, "linked-out"));
    symlinkSync(join(repo, "metrics"), join(repo, "metrics-again"));
    symlinkSync(join(repo, "missing"), join(repo, "dangling.yaml"));
    // A loop must not be followed forever.
    symlinkSync(repo, join(repo, "apps", "loop"));

    const result = await runBin(["validate", repo]);
    // Each directory is read once, however many links lead to it.
    expect(result.stdout).toBe("5 Canaries, 2 MetricTemplates, 1 AlertProvider: no issues\n");
    expect(result.stderr).toBe(
      [
        `canary-bot: skipped ${repo}/apps/loop: the link leads to the top of the tree, which is read already`,
        `canary-bot: skipped ${repo}/dangling.yaml: the link leads nowhere`,
        `canary-bot: skipped ${repo}/linked-out: the link leads out of ${repo}`,
        `canary-bot: skipped ${repo}/metrics-again: the link leads to metrics, which is read already`,
        "",
      ].join("\n"),
    );
    expect(result.code).toBe(0);
  });

  it("says when a directory holds no YAML", async () => {
    const empty = join(temp, "empty");
    mkdirSync(empty);
    expect(await runBin(["validate", empty])).toEqual({ code: 0, stdout: `no YAML files under ${empty}\n`, stderr: "" });
  });

  it("a directory that does not exist is a usage error (exit 2)", async () => {
    expect(await runBin(["validate", "no/such/dir"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "canary-bot validate: no/such/dir: no such directory\nRun canary-bot validate --help for usage.\n",
    });
    expect((await runBin(["validate", "package.json"])).stderr).toBe("canary-bot validate: package.json is not a directory\nRun canary-bot validate --help for usage.\n");
  });

  it.skipIf(process.getuid?.() === 0)("an unreadable file is a runtime error (exit 3)", async () => {
    const repo = join(temp, "unreadable");
    mkdirSync(repo);
    writeFileSync(join(repo, "secret.yaml"), "a: 1\n");
    chmodSync(join(repo, "secret.yaml"), 0o000);
    expect(await runBin(["validate", repo])).toEqual({ code: 3, stdout: "", stderr: `canary-bot validate: cannot read ${repo}/secret.yaml: permission denied\n` });
  });

  it("rejects unknown formats and options (exit 2)", async () => {
    expect(await runBin(["validate", "--format", "yaml"])).toEqual({
      code: 2,
      stdout: "",
      stderr: 'canary-bot validate: --format must be text or json, got "yaml"\nRun canary-bot validate --help for usage.\n',
    });
    expect((await runBin(["validate", "--fromat", "json"])).stderr).toBe(
      "canary-bot validate: unknown option --fromat; did you mean --format?\nRun canary-bot validate --help for usage.\n",
    );
    expect((await runBin(["validate", "--format"])).stderr).toBe("canary-bot validate: option --format needs a value\nRun canary-bot validate --help for usage.\n");
  });
});
