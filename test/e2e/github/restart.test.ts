/**
 * The bot is stopped in the middle of a rollout and started again on the same data directory
 * (a deploy, a node drain). It resumes the stored rollout at the step it had reached: every
 * step is committed exactly once, and the check run and the comment are the same ones.
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { HEALTHY_ROLLOUT, commitsSince } from "../../support/bot-harness-history.js";
import { pause } from "../../support/bot-harness-wait.js";
import { startBotHarness, type BotHarness } from "../../support/bot-harness.js";

describe("restarting the bot mid-rollout", () => {
  let h: BotHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("continues at the same step without repeating a commit", async () => {
    // One minute in 200 ms: the bot is stopped between two steps, whichever they are.
    h = await startBotHarness({ speed: 300 });
    h.install();
    await h.bootstrap();
    const bump = await h.mergeBump("6.0.1");
    await h.waitForCommit("canary: test/podinfo 20% → 30%");
    const checkRun = h.checkRuns(bump.headSha)[0];
    const comment = h.stickyComments(bump.pr)[0];

    await h.bot.stop();
    expect(await readdir(join(h.bot.dataDir, "rollouts"))).not.toEqual([]);
    const lastBeforeStop = (await h.mainHistory()).at(-1);
    const stepBeforeStop = Number(lastBeforeStop?.trailers["Canary-Step"]);
    expect(stepBeforeStop).toBeGreaterThanOrEqual(3);
    expect(stepBeforeStop).toBeLessThan(8);
    await pause(500); // two and a half intervals on the engine's clock, with nobody running them
    expect(await h.repo.head()).toBe(lastBeforeStop?.sha);

    await h.bot.start();
    await h.waitForCommit(/^canary: test\/podinfo finalise /);
    await h.waitForCheckRun(bump.headSha, "success");

    const history = await commitsSince(h.repo, bump.mergeSha);
    expect(history.map((c) => c.subject)).toEqual(HEALTHY_ROLLOUT);
    expect(history.map((c) => c.trailers["Canary-Step"])).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8"]);
    // The first commit after the restart is the step after the last one before it.
    const resumed = history[history.findIndex((c) => c.sha === lastBeforeStop?.sha) + 1];
    expect(resumed?.trailers["Canary-Step"]).toBe(String(stepBeforeStop + 1));
    expect(resumed?.parents).toEqual([lastBeforeStop?.sha]);
    expect(h.bot.log.lines.some((l) => l.msg === "engine started" && l.line.includes('"resumed":1'))).toBe(true);

    // Still one check run and one comment, the same ones.
    expect(h.checkRuns(bump.headSha).map((r) => r.id)).toEqual([checkRun?.id]);
    expect(h.stickyComments(bump.pr).map((c) => c.id)).toEqual([comment?.id]);
    await h.waitForComment("the sticky comment to say 🟢", bump.pr, (c) => c.body.includes("🟢"));
    expect(h.gh.unmatchedRequests()).toEqual([]);
  }, 60_000);

  it("does not repeat a step whose commit landed but whose answer never arrived", async () => {
    h = await startBotHarness();
    h.install();
    await h.bootstrap();
    const bump = await h.mergeBump("6.0.1");
    await h.waitForCommit("canary: test/podinfo 10% → 20%");
    // GitHub makes the next commit, then the connection drops: the bot never gets the answer.
    const lost = h.gh.faults.inject({ match: { graphqlField: "createCommitOnBranch" }, fault: { kind: "disconnect" }, afterHandler: true });
    const harness = h;
    await h.waitFor("the commit whose answer was lost", () => lost.hits === 1);
    await h.waitForCommit("canary: test/podinfo 20% → 30%");
    // The bot has tried again (refused: the branch moved) and found its own commit by its plan
    // trailer; now it is restarted as well, and must not make that step again either.
    await harness.bot.stop();
    await harness.bot.start();

    await h.waitForCommit(/^canary: test\/podinfo finalise /);
    const history = await commitsSince(h.repo, bump.mergeSha);
    expect(history.map((c) => c.trailers["Canary-Step"])).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8"]);
    expect(history.filter((c) => c.subject === "canary: test/podinfo 20% → 30%")).toHaveLength(1);
    expect(new Set(history.map((c) => c.trailers["Canary-Plan"])).size).toBe(history.length);
    await h.waitForCheckRun(bump.headSha, "success");
    expect(h.checkRuns(bump.headSha)).toHaveLength(1);
    expect(h.stickyComments(bump.pr)).toHaveLength(1);
  }, 60_000);
});
