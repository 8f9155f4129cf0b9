/**
 * A failing canary through the GitHub App: the bot routes all traffic back to the primary and
 * scales the canary down in one commit, opens a revert PR of the source PR (GraphQL
 * revertPullRequest), fails the check run and turns the PR comment red with a link to the
 * revert. Merging the revert brings the target back to the primary's revision: nothing starts.
 */
import { afterEach, describe, expect, it } from "vitest";
import { commitsSince } from "../../support/bot-harness-history.js";
import { FAILING } from "../../support/bot-harness-metrics.js";
import { DEPLOYMENT_PATH, GENERATED_PATH, routeWeights, targetReplicas } from "../../support/bot-harness-repo.js";
import { pause } from "../../support/bot-harness-wait.js";
import { FULL_NAME, PEOPLE, startBotHarness, type BotHarness } from "../../support/bot-harness.js";

describe("a failing rollout through the GitHub App", () => {
  let h: BotHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("rolls back in one commit, opens a revert PR, and merging the revert starts nothing", async () => {
    h = await startBotHarness();
    h.install();
    await h.bootstrap();
    h.metrics.set(FAILING);
    const bump = await h.mergeBump("6.0.1");

    const rollback = await h.waitForCommit(/^canary: test\/podinfo roll back/);
    const bot = await commitsSince(h.repo, bump.mergeSha);
    expect(bot.map((c) => c.subject)).toEqual([
      "canary: test/podinfo scale up canary",
      "canary: test/podinfo 0% → 10%",
      "canary: test/podinfo roll back (failed checks threshold reached 5)",
    ]);
    expect(rollback.trailers).toMatchObject({ Canary: "test/podinfo", "Canary-Phase": "Failed", "Canary-Source": `#${String(bump.pr)}` });
    expect(h.repo.isVerified(rollback.sha)).toBe(true);

    // Route 100/0 and the canary at 0 replicas, in the same commit.
    const changed = (await h.repo.git("diff-tree", "--no-commit-id", "--name-only", "-r", rollback.sha)).split("\n").sort();
    expect(changed).toEqual([DEPLOYMENT_PATH, GENERATED_PATH].sort());
    const before = rollback.parents[0] ?? "";
    expect(routeWeights((await h.repo.readFile(GENERATED_PATH, before)) ?? "")).toEqual({ primary: [90], canary: [10] });
    expect(routeWeights((await h.repo.readFile(GENERATED_PATH, rollback.sha)) ?? "")).toEqual({ primary: [100], canary: [0] });
    expect(targetReplicas((await h.repo.readFile(DEPLOYMENT_PATH, before)) ?? "")).toBe(2);
    expect(targetReplicas((await h.repo.readFile(DEPLOYMENT_PATH, rollback.sha)) ?? "")).toBe(0);

    // The revert PR, made by GitHub's revertPullRequest of the source PR.
    const revert = await h.waitForPullRequest("the revert PR", (p) => p.title.startsWith("Revert "));
    expect(revert.title).toBe(`Revert "#${String(bump.pr)} Bump podinfo to 6.0.1" — canary failed`);
    expect(revert.state).toBe("open");
    expect(revert.user.login).toBe(h.gh.app.botLogin);
    expect(revert.body).toContain(`<!-- canary-bot:revert/pr-${String(bump.pr)} -->`);
    expect(revert.body).toContain("**Why:** Failed checks threshold reached 5.");
    expect(revert.body).toContain(rollback.sha.slice(0, 7));
    expect(await h.repo.readFile(DEPLOYMENT_PATH, revert.headRef)).toContain("ghcr.io/stefanprodan/podinfo:6.0.0");

    const run = await h.waitForCheckRun(bump.headSha, "failure");
    // Reported after the revert was opened: by then the emulator has logged the request.
    expect(h.gh.stats().byGraphqlField["mutation revertPullRequest"]?.statuses).toEqual({ "200": 1 });
    expect(h.checkRuns(bump.headSha)).toHaveLength(1);
    expect(run.output.title).toBe("Rolled back at 10% · error-rate 9.5 outside max 1 (5 of 5 checks failed)");
    expect(run.output.summary).toContain(`Merge [revert PR #${String(revert.number)}](https://github.com/acme/deploy/pull/${String(revert.number)}) so Git says so too.`);
    expect(run.actions.map((a) => a.identifier)).toEqual(["retry"]);

    const comment = await h.waitForComment("the sticky comment to say 🔴", bump.pr, (c) => c.body.includes("🔴"));
    expect(h.stickyComments(bump.pr).map((c) => c.id)).toEqual([comment.id]);
    expect(comment.body).toContain(`[Revert PR #${String(revert.number)}](https://github.com/acme/deploy/pull/${String(revert.number)}) makes Git say so.`);

    // A person merges the revert: Git now says 6.0.0 everywhere, which is what runs.
    const failedRevision = (await h.rollout())?.revision;
    const revertMerge = await h.gh.as(PEOPLE.owner).mergePullRequest(FULL_NAME, revert.number);
    await h.waitForRollout("the record to follow the revert back to the primary's revision", (r) => r.revision !== failedRevision && r.phase === "Failed");
    await pause(1_500); // fifteen analysis intervals on the engine's clock
    expect(await commitsSince(h.repo, revertMerge)).toEqual([]);
    expect(await h.repo.readFile(DEPLOYMENT_PATH)).toContain("ghcr.io/stefanprodan/podinfo:6.0.0");
    expect(h.repo.pullRequests().filter((p) => p.state === "open")).toEqual([]);
    expect(h.repo.checkRuns(revertMerge).filter((r) => r.name.startsWith("canary-bot: test/"))).toEqual([]);
    expect((await h.rollout())?.phase).toBe("Failed");
    expect(h.gh.unmatchedRequests()).toEqual([]);
  }, 60_000);
});
