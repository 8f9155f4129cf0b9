import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { exampleRepo } from "../support/demo-repo.js";
import type { TestGitRepo } from "../support/git-repo.js";
import { BIN, EXAMPLES, REPO_ROOT } from "./support/paths.js";
import { runBin } from "./support/run-bin.js";

const HEALTHY_SUBJECTS = [
  "canary: test/podinfo bootstrap",
  "Merge pull request #1 from canary-bot/bootstrap/test/podinfo",
  "canary: test/podinfo scale up canary",
  "canary: test/podinfo 0% → 10%",
  "canary: test/podinfo 10% → 20%",
  "canary: test/podinfo 20% → 30%",
  "canary: test/podinfo 30% → 40%",
  "canary: test/podinfo 40% → 50%",
  "canary: test/podinfo promote 69be8f2ddd53",
  "canary: test/podinfo 50% → 0%",
  "canary: test/podinfo finalise 69be8f2ddd53 (scale down canary)",
];

describe("canary-bot simulate (the built executable)", () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => {
    for (const c of cleanup.splice(0)) c();
  });

  function setup(): { repo: TestGitRepo; before: string; out: string } {
    const { repo, before } = exampleRepo();
    const out = mkdtempSync(join(tmpdir(), "canary-bot-sim-"));
    cleanup.push(() => {
      repo.remove();
      rmSync(out, { recursive: true, force: true });
    });
    return { repo, before, out };
  }

  function subjects(repo: TestGitRepo, since: string): string[] {
    return repo.git("log", "--format=%s", "--reverse", `${since}..main`).split("\n").filter(Boolean);
  }

  it("promotes the healthy example: exit 0, the expected git log, reports written", async () => {
    const { repo, before, out } = setup();
    const bump = repo.head();
    const result = await runBin(["simulate", repo.dir, "--canary", "test/podinfo", "--from", "HEAD~1", "--metrics", join(EXAMPLES, "scenarios/healthy.yaml"), "--out", out]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(subjects(repo, bump)).toEqual(HEALTHY_SUBJECTS);
    expect(result.stdout).toContain("Promoted.");
    expect(result.stdout).toContain("canary: test/podinfo 20% → 30%");
    expect(readFileSync(join(out, "check-run.test-podinfo.md"), "utf8")).toContain("### podinfo 6.0.0 → 6.0.1 · promoted");
    expect(before).not.toBe(bump);
  });

  it("rolls the failing example back: exit 1, a rollback commit and the revert PR body", async () => {
    const { repo, out } = setup();
    const bump = repo.head();
    const result = await runBin(["simulate", repo.dir, "--canary", "test/podinfo", "--from", "HEAD~1", "--metrics", join(EXAMPLES, "scenarios/failing.yaml"), "--out", out]);
    expect(result.code).toBe(1);
    const log = subjects(repo, bump);
    expect(log.at(-1)).toBe("canary: test/podinfo roll back (failed checks threshold reached 5)");
    expect(log.some((s) => s.includes("promote"))).toBe(false);
    const revert = readFileSync(join(out, "pull-request.2.md"), "utf8");
    expect(revert).toContain('# Revert "#42 Bump podinfo to 6.0.1" — canary failed');
    expect(revert).toContain("**Why:** Failed checks threshold reached 5.");
    expect(result.stdout).toContain("Rolled back: Failed checks threshold reached 5");
  });

  it("resumes after being killed mid-rollout without making any commit twice", async () => {
    const { repo, out } = setup();
    const bump = repo.head();
    const args = ["simulate", repo.dir, "--canary", "test/podinfo", "--from", "HEAD~1", "--metrics", join(EXAMPLES, "scenarios/healthy.yaml"), "--out", out];
    const child = spawn(process.execPath, [BIN, ...args, "--speed", "120"], { cwd: REPO_ROOT, stdio: "ignore" });
    const deadline = Date.now() + 30_000;
    while (!subjects(repo, bump).includes("canary: test/podinfo 10% → 20%")) {
      if (Date.now() > deadline) throw new Error("the first simulation did not reach 20% in time");
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    const partial = subjects(repo, bump);
    expect(partial.length).toBeLessThan(HEALTHY_SUBJECTS.length);

    const result = await runBin(args);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("resuming the stored rollout");
    expect(result.code).toBe(0);
    expect(subjects(repo, bump)).toEqual(HEALTHY_SUBJECTS);
  });

  it("says what is wrong with its arguments", async () => {
    const { repo } = setup();
    const noCanary = await runBin(["simulate", repo.dir]);
    expect(noCanary.code).toBe(2);
    expect(noCanary.stderr).toContain("--canary namespace/name is required");
    const unknown = await runBin(["simulate", repo.dir, "--canary", "test/nope", "--metrics", join(EXAMPLES, "scenarios/healthy.yaml")]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/--canary: no valid Canary test\/nope on main \(valid Canaries: .*test\/podinfo/);
  });
});
