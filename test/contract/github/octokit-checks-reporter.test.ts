import { describe, expect, it } from "vitest";
import { InvariantError, TransientError } from "../../../src/core/errors.js";
import { utf8Length } from "../../../src/adapters/github/check-output.js";
import { CHECK_OUTPUT_LIMIT } from "../../../src/core/render/check-run.js";
import { OctokitChecksReporter } from "../../../src/adapters/github/octokit-checks-reporter.js";
import type { CheckAnnotation, CheckRunReport } from "../../../src/ports/checks.js";
import { useGitHubMock } from "../../support/http-mock.js";
import { OWNER, REPO, REPO_PATH, checkRun, checkRunList, sha } from "../../fixtures/github/responses.js";
import { rejectionOf, retryAfterOf, testOctokit } from "./test-octokit.js";

const HEAD = sha("h");
const NAME = "canary-bot: test/podinfo";
const LIST = `${REPO_PATH}/commits/${HEAD}/check-runs`;
const LIST_QUERY = { check_name: NAME, filter: "all", per_page: "100" };

const report: CheckRunReport = {
  name: NAME,
  headSha: HEAD,
  externalId: "test/podinfo@rev1",
  status: "in_progress",
  title: "30% canary · step 3 of 5 · 0 failed checks",
  summary: "### podinfo 6.0.0 → 6.0.1 · canary in progress",
  startedAt: Date.UTC(2026, 4, 4, 14, 2, 11),
};

function reporter(): OctokitChecksReporter {
  return new OctokitChecksReporter(testOctokit(), { owner: OWNER, repo: REPO });
}

function annotations(n: number): CheckAnnotation[] {
  return Array.from({ length: n }, (_, i) => ({ path: "apps/podinfo/canary.yaml", startLine: i + 1, endLine: i + 1, level: "warning", message: `w${String(i)}` }));
}

describe("OctokitChecksReporter", () => {
  const github = useGitHubMock();

  it("creates the run when the head has none for this name and rollout", async () => {
    github()
      .expect("GET", LIST, { query: LIST_QUERY })
      .reply(200, checkRunList([checkRun({ id: 7, name: NAME, headSha: HEAD, externalId: "test/podinfo@older" })]))
      .expect("POST", `${REPO_PATH}/check-runs`)
      .reply(201, checkRun({ id: 8, name: NAME, headSha: HEAD, externalId: report.externalId }));
    expect(await reporter().upsert(report)).toEqual({ id: 8, url: "https://github.com/acme/deploys/runs/8", outcome: "created" });
    expect(github().bodies("POST", `${REPO_PATH}/check-runs`)).toEqual([
      {
        name: NAME,
        head_sha: HEAD,
        external_id: "test/podinfo@rev1",
        status: "in_progress",
        started_at: "2026-05-04T14:02:11.000Z",
        output: { title: report.title, summary: report.summary },
      },
    ]);
  });

  it("updates the newest matching run with status, conclusion and buttons", async () => {
    github()
      .expect("GET", LIST, { query: LIST_QUERY })
      .reply(200, checkRunList([
        checkRun({ id: 3, name: NAME, headSha: HEAD, externalId: report.externalId }),
        checkRun({ id: 5, name: NAME, headSha: HEAD, externalId: report.externalId, title: "old", summary: "old" }),
      ]))
      .expect("PATCH", `${REPO_PATH}/check-runs/5`)
      .reply(200, checkRun({ id: 5, name: NAME, headSha: HEAD, externalId: report.externalId, status: "completed", conclusion: "action_required" }));
    const result = await reporter().upsert({
      ...report,
      status: "completed",
      conclusion: "action_required",
      completedAt: Date.UTC(2026, 4, 4, 14, 10, 0),
      detailsUrl: "https://canary.example/rollouts/1",
      actions: [
        { label: "Promote now", description: "Skip the remaining analysis", identifier: "promote" },
        { label: "Roll back", description: "Route all traffic to the primary", identifier: "rollback" },
      ],
    });
    expect(result).toEqual({ id: 5, url: "https://github.com/acme/deploys/runs/5", outcome: "updated" });
    expect(github().bodies("PATCH", `${REPO_PATH}/check-runs/5`)).toEqual([
      {
        status: "completed",
        conclusion: "action_required",
        details_url: "https://canary.example/rollouts/1",
        started_at: "2026-05-04T14:02:11.000Z",
        completed_at: "2026-05-04T14:10:00.000Z",
        actions: [
          { label: "Promote now", description: "Skip the remaining analysis", identifier: "promote" },
          { label: "Roll back", description: "Route all traffic to the primary", identifier: "rollback" },
        ],
        output: { title: report.title, summary: report.summary },
      },
    ]);
  });

  it("writes nothing when the run already shows the report", async () => {
    github()
      .expect("GET", LIST, { query: LIST_QUERY })
      .reply(200, checkRunList([checkRun({ id: 5, name: NAME, headSha: HEAD, externalId: report.externalId, title: report.title, summary: report.summary })]));
    expect(await reporter().upsert(report)).toEqual({ id: 5, url: "https://github.com/acme/deploys/runs/5", outcome: "unchanged" });
  });

  it("sends annotations 50 per request", async () => {
    github()
      .expect("GET", LIST, { query: LIST_QUERY })
      .reply(200, checkRunList([]))
      .expect("POST", `${REPO_PATH}/check-runs`)
      .reply(201, checkRun({ id: 9, name: NAME, headSha: HEAD, externalId: report.externalId }))
      .expect("PATCH", `${REPO_PATH}/check-runs/9`)
      .reply(200, checkRun({ id: 9, name: NAME, headSha: HEAD, externalId: report.externalId }))
      .expect("PATCH", `${REPO_PATH}/check-runs/9`)
      .reply(200, checkRun({ id: 9, name: NAME, headSha: HEAD, externalId: report.externalId }));
    await reporter().upsert({ ...report, annotations: annotations(120) });
    const created = github().bodies("POST", `${REPO_PATH}/check-runs`) as { output: { annotations: { message: string }[] } }[];
    const updates = github().bodies("PATCH", `${REPO_PATH}/check-runs/9`) as { output: { title: string; summary: string; annotations: { message: string }[] } }[];
    expect(created.map((b) => b.output.annotations.length)).toEqual([50]);
    expect(updates.map((b) => b.output.annotations.length)).toEqual([50, 20]);
    expect(updates.map((b) => [b.output.annotations[0]?.message, b.output.title])).toEqual([["w50", report.title], ["w100", report.title]]);
    expect(created[0]?.output.annotations[0]).toEqual({ path: "apps/podinfo/canary.yaml", start_line: 1, end_line: 1, annotation_level: "warning", message: "w0" });
  });

  it("sends only the annotations the run does not have yet", async () => {
    github()
      .expect("GET", LIST, { query: LIST_QUERY })
      .reply(200, checkRunList([checkRun({ id: 5, name: NAME, headSha: HEAD, externalId: report.externalId, title: report.title, summary: report.summary, annotationsCount: 50 })]))
      .expect("PATCH", `${REPO_PATH}/check-runs/5`)
      .reply(200, checkRun({ id: 5, name: NAME, headSha: HEAD, externalId: report.externalId }));
    await reporter().upsert({ ...report, annotations: annotations(53) });
    const updates = github().bodies("PATCH", `${REPO_PATH}/check-runs/5`) as { output: { annotations: { message: string }[] } }[];
    expect(updates.map((b) => b.output.annotations.map((a) => a.message))).toEqual([["w50", "w51", "w52"]]);
  });

  it.each([
    [[1, 2, 3, 4].map((i) => ({ label: `B${String(i)}`, description: "d", identifier: `b${String(i)}` })), "check run actions: 4 given, GitHub allows at most 3"],
    [[{ label: "Promote to production", description: "d", identifier: "promote" }], 'check run actions[0].label: "Promote to production" has 21 characters, GitHub allows 1 to 20'],
    [[{ label: "Promote", description: "Skip the remaining analysis and promote now", identifier: "promote" }], 'check run actions[0].description: "Skip the remaining analysis and promote now" has 43 characters, GitHub allows 1 to 40'],
    [[{ label: "Promote", description: "d", identifier: "promote-test-podinfo-now" }], 'check run actions[0].identifier: "promote-test-podinfo-now" has 24 characters, GitHub allows 1 to 20'],
    [[{ label: "A", description: "d", identifier: "x" }, { label: "B", description: "d", identifier: "x" }], 'check run actions[1].identifier: "x" is used twice'],
  ])("refuses buttons GitHub would reject, before any call (%#)", async (actions, message) => {
    const error = await rejectionOf(reporter().upsert({ ...report, status: "completed", conclusion: "neutral", actions }));
    expect(error).toBeInstanceOf(InvariantError);
    expect(error.message).toBe(message);
  });

  it("uses the caller's shorter summary when the full one exceeds GitHub's limit", async () => {
    github()
      .expect("GET", LIST, { query: LIST_QUERY })
      .reply(200, checkRunList([]))
      .expect("POST", `${REPO_PATH}/check-runs`)
      .reply(201, checkRun({ id: 8, name: NAME, headSha: HEAD, externalId: report.externalId }));
    await reporter().upsert({ ...report, summary: "x".repeat(CHECK_OUTPUT_LIMIT + 1), fallbackSummary: "steps 1–40 omitted" });
    expect((github().bodies("POST", `${REPO_PATH}/check-runs`)[0] as { output: { summary: string } }).output.summary).toBe("steps 1–40 omitted");
  });

  it("cuts summary and text to 65,535 UTF-8 bytes at a character boundary, saying so", async () => {
    github()
      .expect("GET", LIST, { query: LIST_QUERY })
      .reply(200, checkRunList([]))
      .expect("POST", `${REPO_PATH}/check-runs`)
      .reply(201, checkRun({ id: 8, name: NAME, headSha: HEAD, externalId: report.externalId }));
    // 3-byte characters: 30,000 of them are 90,000 bytes but only 30,000 characters.
    await reporter().upsert({ ...report, summary: "✔".repeat(30_000), text: "é".repeat(40_000) });
    const { summary, text } = (github().bodies("POST", `${REPO_PATH}/check-runs`)[0] as { output: { summary: string; text: string } }).output;
    for (const field of [summary, text]) {
      expect(utf8Length(field)).toBeLessThanOrEqual(CHECK_OUTPUT_LIMIT);
      expect(utf8Length(field)).toBeGreaterThan(CHECK_OUTPUT_LIMIT - 4);
      expect(field.endsWith("\n\n_(cut to fit GitHub's 65,535-character limit)_")).toBe(true);
    }
    expect(summary.startsWith("✔✔✔")).toBe(true);
    expect(summary).not.toContain("\uFFFD");
  });

  it("turns a secondary rate limit into a TransientError carrying GitHub's wait", async () => {
    github()
      .expect("GET", LIST, { query: LIST_QUERY })
      .reply(200, checkRunList([]))
      .expect("POST", `${REPO_PATH}/check-runs`)
      .reply(403, { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits" }, { "retry-after": "42" });
    const error = await rejectionOf(reporter().upsert(report));
    expect(error).toBeInstanceOf(TransientError);
    expect(error.message).toBe("POST /repos/acme/deploys/check-runs: 403 You have exceeded a secondary rate limit. Please wait a few minutes before you try again.");
    expect(retryAfterOf(error)).toBe(42_000);
  });
});
