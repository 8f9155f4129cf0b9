import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GitHubEmulator } from "../../support/github-emulator/index.js";
import { appClient, errorMessage, FULL, OWNER, REPO, requestError, startStandardEmulator, userClient, type CheckedOctokit } from "./emulator-harness.js";

let gh: GitHubEmulator;
let app: CheckedOctokit;
let headSha: string;
const repo = { owner: OWNER, repo: REPO };
const annotation = { path: "apps/podinfo/route.yaml", start_line: 1, end_line: 2, annotation_level: "warning" as const, message: "weight drift" };

beforeAll(async () => {
  gh = await startStandardEmulator();
  app = appClient(gh);
  headSha = (await gh.repo(FULL).head()) ?? "";
});

afterAll(async () => {
  await gh.close();
});

describe("check runs", () => {
  it("creates a run with output, actions and external id, and reads it back", async () => {
    const created = await app.octokit.checks.create({
      ...repo,
      name: "canary-bot: test/podinfo",
      head_sha: headSha,
      status: "in_progress",
      external_id: "rollout-42",
      details_url: "https://example.com/rollouts/42",
      output: { title: "Progressing", summary: "Weight 10%", annotations: [annotation] },
    });
    expect(created.status).toBe(201);
    const run = created.data;
    expect([run.name, run.head_sha, run.status, run.conclusion, run.external_id, run.app?.slug]).toEqual([
      "canary-bot: test/podinfo",
      headSha,
      "in_progress",
      null,
      "rollout-42",
      gh.app.slug,
    ]);
    expect(run.output).toMatchObject({ title: "Progressing", summary: "Weight 10%", text: null, annotations_count: 1 });
    expect((await app.octokit.checks.get({ ...repo, check_run_id: run.id })).data.output.summary).toBe("Weight 10%");
    expect(app.violations).toEqual([]);
  });

  it("updates a run: a conclusion completes it, annotations accumulate, buttons are stored", async () => {
    const run = (await app.octokit.checks.listForRef({ ...repo, ref: headSha, check_name: "canary-bot: test/podinfo" })).data.check_runs[0];
    if (!run) throw new Error("run missing");
    const updated = await app.octokit.checks.update({
      ...repo,
      check_run_id: run.id,
      conclusion: "action_required",
      output: { title: "Waiting for promotion", summary: "Analysis passed", text: "details", annotations: [annotation] },
      actions: [
        { label: "Promote", description: "Promote the canary", identifier: "promote" },
        { label: "Roll back", description: "Route all traffic back", identifier: "rollback" },
      ],
    });
    expect([updated.data.status, updated.data.conclusion, updated.data.output.annotations_count]).toEqual(["completed", "action_required", 2]);
    expect(updated.data.completed_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const annotations = await app.octokit.checks.listAnnotations({ ...repo, check_run_id: run.id });
    expect(annotations.data.map((a) => [a.path, a.annotation_level, a.message])).toEqual([
      ["apps/podinfo/route.yaml", "warning", "weight drift"],
      ["apps/podinfo/route.yaml", "warning", "weight drift"],
    ]);
    expect(gh.repo(FULL).checkRuns(headSha).find((r) => r.id === run.id)?.actions.map((a) => a.identifier)).toEqual(["promote", "rollback"]);
    expect(app.violations).toEqual([]);
  });

  it("lists runs for a branch or SHA by name, only the latest per name unless filter=all", async () => {
    await app.octokit.checks.create({ ...repo, name: "canary-bot: test/podinfo", head_sha: headSha, status: "queued" });
    await app.octokit.checks.create({ ...repo, name: "other", head_sha: headSha, conclusion: "success" });
    const latest = await app.octokit.checks.listForRef({ ...repo, ref: "main", check_name: "canary-bot: test/podinfo" });
    expect([latest.data.total_count, latest.data.check_runs[0]?.status]).toEqual([1, "queued"]);
    const all = await app.octokit.checks.listForRef({ ...repo, ref: headSha, check_name: "canary-bot: test/podinfo", filter: "all" });
    expect(all.data.check_runs.map((r) => r.status)).toEqual(["queued", "completed"]);
    const everything = await app.octokit.checks.listForRef({ ...repo, ref: headSha });
    expect(everything.data.check_runs.map((r) => r.name).sort()).toEqual(["canary-bot: test/podinfo", "other"]);
    const missing = await requestError(app.octokit.checks.listForRef({ ...repo, ref: "no-such-branch" }));
    expect(missing.status).toBe(422);
    expect(app.violations).toEqual([]);
  });

  it("lists a run's open pull requests, and none once the pull request is merged", async () => {
    const sha = await gh.as("alice").push(FULL, { branch: "feature", files: { "f.txt": "f\n" } });
    const number = await gh.as("alice").openPullRequest(FULL, { head: "feature", title: "F" });
    const run = await app.octokit.checks.create({ ...repo, name: "pr-check", head_sha: sha });
    expect(run.data.pull_requests.map((p) => [p.number, p.head.sha])).toEqual([[number, sha]]);
    await gh.as("alice").mergePullRequest(FULL, number);
    expect((await app.octokit.checks.get({ ...repo, check_run_id: run.data.id })).data.pull_requests).toEqual([]);
  });

  it("enforces GitHub's limits and that only apps write check runs", async () => {
    // Deliberately invalid bodies: this client's OpenAPI findings are expected, not checked.
    const careless = appClient(gh).octokit;
    const fourActions = Array.from({ length: 4 }, (_, i) => ({ label: `a${String(i)}`, description: "d", identifier: `a${String(i)}` }));
    const tooMany = await requestError(careless.checks.create({ ...repo, name: "x", head_sha: headSha, actions: fourActions }));
    expect(tooMany.status).toBe(422);
    const longSummary = await requestError(careless.checks.create({ ...repo, name: "x", head_sha: headSha, output: { title: "t", summary: "x".repeat(65_536) } }));
    expect(errorMessage(longSummary)).toBe("Invalid request.\n\nOnly 65535 characters are allowed; 65536 were supplied.");
    const unknownSha = await requestError(careless.checks.create({ ...repo, name: "x", head_sha: "f".repeat(40) }));
    expect(errorMessage(unknownSha)).toBe(`No commit found for SHA: ${"f".repeat(40)}`);
    const human = await requestError(userClient(gh, "alice").octokit.checks.create({ ...repo, name: "x", head_sha: headSha }));
    expect([human.status, errorMessage(human)]).toEqual([403, "You must authenticate via a GitHub App."]);
    expect(app.violations).toEqual([]);
  });

  it("lets a person click a button of a completed run only", async () => {
    const open = await app.octokit.checks.create({ ...repo, name: "gate", head_sha: headSha, status: "in_progress", actions: [{ label: "Promote", description: "p", identifier: "promote" }] });
    await expect(gh.as("alice").clickCheckRunAction(FULL, open.data.id, "promote")).rejects.toThrow(/only once it is completed/);
    await app.octokit.checks.update({ ...repo, check_run_id: open.data.id, conclusion: "neutral" });
    await expect(gh.as("alice").clickCheckRunAction(FULL, open.data.id, "abort")).rejects.toThrow(/has no button "abort"/);
    await gh.as("alice").clickCheckRunAction(FULL, open.data.id, "promote");
    expect((await app.octokit.checks.rerequestRun({ ...repo, check_run_id: open.data.id })).status).toBe(201);
    expect(gh.webhooks.deliveries({ event: "check_run", action: "rerequested" }).map((d) => (d.payload.sender as { login: string }).login)).toEqual([gh.app.botLogin]);
    const deliveries = gh.webhooks.deliveries({ event: "check_run", action: "requested_action" });
    expect(deliveries.map((d) => [(d.payload.requested_action as { identifier: string }).identifier, (d.payload.sender as { login: string }).login])).toEqual([["promote", "alice"]]);
  });
});
