/**
 * A healthy weighted rollout of the example Canary through the whole GitHub App: a person
 * merges a PR that bumps podinfo's image, and the bot walks the route from 0 % to 50 % in
 * signed commits on main, promotes, routes everything back to the primary and scales the canary
 * down, reporting on the PR's head commit and in one PR comment.
 */
import { afterEach, describe, expect, it } from "vitest";
import { CANARY_KEY, CHECK_NAME, DEPLOYMENT_PATH, GENERATED_PATH, routeWeights, targetReplicas } from "../../support/bot-harness-repo.js";
import { commitsSince } from "../../support/bot-harness-history.js";
import { FULL_NAME, startBotHarness, type BotHarness } from "../../support/bot-harness.js";

const COMMENT_EDIT = "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}";

describe("a healthy rollout through the GitHub App", () => {
  let h: BotHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("commits every step on main with trailers, signed, then reports success on the PR", async () => {
    h = await startBotHarness();
    h.install();
    await h.bootstrap();
    const bump = await h.mergeBump("6.0.1");

    const finalise = await h.waitForCommit(/^canary: test\/podinfo finalise /);
    const bot = await commitsSince(h.repo, bump.mergeSha);
    const revision = finalise.trailers["Canary-Revision"] ?? "";
    expect(revision).toMatch(/^[0-9a-f]{16}$/);
    const short = revision.slice(0, 12);
    expect(bot.map((c) => c.subject)).toEqual([
      "canary: test/podinfo scale up canary",
      "canary: test/podinfo 0% → 10%",
      "canary: test/podinfo 10% → 20%",
      "canary: test/podinfo 20% → 30%",
      "canary: test/podinfo 30% → 40%",
      "canary: test/podinfo 40% → 50%",
      `canary: test/podinfo promote ${short}`,
      "canary: test/podinfo 50% → 0%",
      `canary: test/podinfo finalise ${short} (scale down canary)`,
    ]);
    bot.forEach((commit, step) => {
      expect(commit.trailers).toMatchObject({
        Canary: CANARY_KEY,
        "Canary-Revision": revision,
        "Canary-Step": String(step),
        "Canary-Source": `#${String(bump.pr)}`,
      });
      expect(commit.trailers["Canary-Plan"]).toMatch(/^[0-9a-f]{16}$/);
      // Made through the API without an author, so GitHub signs it for the App.
      expect(h?.repo.isVerified(commit.sha)).toBe(true);
      expect(commit.authorName).toBe(h?.gh.app.botLogin);
      expect(commit.parents).toHaveLength(1);
    });
    expect(new Set(bot.map((c) => c.trailers["Canary-Plan"])).size).toBe(bot.length);
    // A person's pushed commit is not signed by GitHub: the check above means something.
    expect(h.repo.isVerified(bump.headSha)).toBe(false);

    // Git now says what runs: the primary on 6.0.1, all traffic on it, the canary at 0 replicas.
    const generated = (await h.repo.readFile(GENERATED_PATH)) ?? "";
    expect(generated).toContain("ghcr.io/stefanprodan/podinfo:6.0.1");
    expect(routeWeights(generated)).toEqual({ primary: [100], canary: [0] });
    expect(targetReplicas((await h.repo.readFile(DEPLOYMENT_PATH)) ?? "")).toBe(0);
    // Every step's route, as committed.
    const steps = await Promise.all(bot.map(async (c) => routeWeights((await h?.repo.readFile(GENERATED_PATH, c.sha)) ?? "").canary[0]));
    expect(steps).toEqual([0, 10, 20, 30, 40, 50, 50, 0, 0]);

    const run = await h.waitForCheckRun(bump.headSha, "success");
    expect(h.checkRuns(bump.headSha)).toHaveLength(1);
    expect(run.name).toBe(CHECK_NAME);
    expect(run.externalId).toBe(CANARY_KEY);
    const summary = run.output.summary ?? "";
    expect(summary).toContain("### podinfo 6.0.0 → 6.0.1 · promoted");
    expect(summary).toContain("| step | time (UTC) | weight | error-rate (max 1) | latency (max 0.5) | webhooks | commit |");
    for (const [step, commit] of bot.entries()) {
      expect(summary).toMatch(new RegExp(`^\\| ${String(step)} \\|.*\\[\`${commit.sha.slice(0, 7)}\`\\]`, "m"));
    }
    expect(summary).toMatch(/^\| 3 \| [\d:]+ \| 30 % \| <abbr[^>]*>0\.2<\/abbr> ✔ \| <abbr[^>]*>0\.12<\/abbr> ✔ \| `load-test` ✔ \|/m);

    // One comment on the PR, edited in place as the rollout moved, ending green.
    const comment = await h.waitForComment("the sticky comment to say 🟢", bump.pr, (c) => c.body.includes("🟢"));
    expect(h.stickyComments(bump.pr).map((c) => c.id)).toEqual([comment.id]);
    expect(comment.body).toContain("**canary-bot** · `test/podinfo` · 🟢 ");
    const edits = h.gh.requests().filter((r) => r.route === COMMENT_EDIT && r.path.endsWith(`/comments/${String(comment.id)}`));
    expect(edits.length).toBeGreaterThanOrEqual(bot.length - 1);
    expect(h.comments(bump.pr)).toEqual([]);

    // The pre-rollout smoke test ran once, the load test on every analysis.
    expect(h.loadtester.tasks.filter((t) => t.metadata?.type === "bash")).toHaveLength(1);
    expect(h.loadtester.tasks.filter((t) => t.metadata?.cmd?.startsWith("hey ") === true).length).toBeGreaterThanOrEqual(5);
    expect(h.metrics.queries()).toBeGreaterThanOrEqual(10);

    expect(h.gh.unmatchedRequests()).toEqual([]);
    expect(h.bot.log.problems(/reconcile failed|work failed/)).toEqual([]);
    const merged = h.repo.pullRequests().filter((p) => p.mergedAt !== null).map((p) => p.number);
    expect(merged).toEqual([1, bump.pr]);
    expect(h.repo.pullRequest(bump.pr)?.title).toBe("Bump podinfo to 6.0.1");
    expect(FULL_NAME).toBe("acme/deploy");
  }, 60_000);
});
