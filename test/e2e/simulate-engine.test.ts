import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { RolloutRecord } from "../../src/core/machine/types.js";
import { parseScenario } from "../../src/core/scenario/parse-scenario.js";
import type { Scenario } from "../../src/core/scenario/types.js";
import { runSimulation } from "../../src/cli/simulate/run-simulation.js";
import { exampleRepo } from "../support/demo-repo.js";
import type { TestGitRepo } from "../support/git-repo.js";

function scenario(name: string): Scenario {
  const file = new URL(`../../examples/scenarios/${name}.yaml`, import.meta.url);
  const parsed = parseScenario(`examples/scenarios/${name}.yaml`, readFileSync(file, "utf8"));
  if ("issues" in parsed) throw new Error(JSON.stringify(parsed.issues));
  return parsed.scenario;
}

describe("the engine on a local repository (simulate)", () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => {
    for (const c of cleanup.splice(0)) c();
  
});

  async function simulate(repo: TestGitRepo, from: string, name: string) {
    const out = mkdtempSync(join(tmpdir(), "canary-bot-out-"));
    cleanup.push(() => {
      rmSync(out, { recursive: true, force: true });
    });
    const records: RolloutRecord[] = [];
    const notes: string[] = [];
    const result = await runSimulation({
      repoDir: repo.dir,
      canary: "test/podinfo",
      from,
      scenario: scenario(name),
      speed: Number.POSITIVE_INFINITY,
      outDir: out,
      applyDelayMs: 30_000,
      promotionGate: "webhooks",
      maxSimulatedMs: 24 * 3_600_000,
      start: Date.UTC(2026, 10, 22, 14, 0, 0),
      onRecord: (r) => records.push(r),
      onNote: (n) => notes.push(n),
    });
    return { result, records, notes, out };
  }

  it("promotes a healthy canary with one commit per step", async () => {
    const { repo, before } = exampleRepo();
    cleanup.push(() => {
      repo.remove();
    });
    const { result, out } = await simulate(repo, before, "healthy");
    expect(result.record?.phase).toBe("Succeeded");
    const subjects = repo.git("log", "--format=%s", `${result.startHead}..${result.endHead}`).split("\n").reverse();
    expect(subjects).toEqual([
      "canary: test/podinfo bootstrap",
      "Merge pull request #1 from canary-bot/bootstrap/test/podinfo",
      expect.stringMatching(/^canary: test\/podinfo scale up/),
      "canary: test/podinfo 0% → 10%",
      "canary: test/podinfo 10% → 20%",
      "canary: test/podinfo 20% → 30%",
      "canary: test/podinfo 30% → 40%",
      "canary: test/podinfo 40% → 50%",
      expect.stringMatching(/^canary: test\/podinfo promote [0-9a-f]{12}$/),
      "canary: test/podinfo 50% → 0%",
      expect.stringMatching(/^canary: test\/podinfo finalise [0-9a-f]{12} \(scale down canary\)$/),
    ]);
    const trailers = repo.git("log", "-1", "--format=%(trailers:only,unfold)", `${result.startHead}..${result.endHead}`, "--grep", "20% → 30%");
    expect(trailers).toContain("Canary: test/podinfo");
    expect(trailers).toContain("Canary-Step: 3");
    expect(trailers).toContain("Canary-Source: #42");
    expect(trailers).toMatch(/Canary-Plan: [0-9a-f]{16}/);
    const check = readFileSync(join(out, "check-run.test-podinfo.md"), "utf8");
    expect(check).toContain("## Promoted in");
    expect(check).toContain("### podinfo 6.0.0 → 6.0.1 · promoted");
    const comment = readFileSync(join(out, "pr-comment.test-podinfo.md"), "utf8");
    expect(comment).toContain("🟢 Promoted");
    expect(repo.show("HEAD", "apps/podinfo/podinfo.canary-bot.yaml")).toContain("podinfo:6.0.1");
  });

  it("rolls back a failing canary in one commit and opens a revert PR of the source PR", async () => {
    const { repo, before } = exampleRepo();
    cleanup.push(() => {
      repo.remove();
    });
    const { result, out } = await simulate(repo, before, "failing");
    expect(result.record?.phase).toBe("Failed");
    expect(result.record?.failedChecks).toBe(5);
    const subjects = repo.git("log", "--format=%s", `${result.startHead}..${result.endHead}`).split("\n");
    expect(subjects[0]).toMatch(/^canary: test\/podinfo roll back/);
    expect(subjects.filter((s) => s.includes("promote"))).toEqual([]);
    const route = repo.show("HEAD", "apps/podinfo/podinfo.canary-bot.yaml");
    expect(route).toMatch(/name: podinfo-primary\n(\s+\S.*\n)*?\s+weight: 100/);
    expect(repo.show("HEAD", "apps/podinfo/deployment.yaml")).toMatch(/replicas: 0/);
    const revert = result.record?.links?.revertPr;
    expect(revert).toBeDefined();
    const pr = readFileSync(join(out, `pull-request.${String(revert)}.md`), "utf8");
    expect(pr).toContain('# Revert "#42 Bump podinfo to 6.0.1" — canary failed');
    expect(repo.show(`canary-bot/revert/test/podinfo/${result.record?.revision.slice(0, 8) ?? ""}`, "apps/podinfo/deployment.yaml")).toContain("podinfo:6.0.0");
    expect(readFileSync(join(out, "check-run.test-podinfo.md"), "utf8")).toContain("Rolled back at");
  });
});
