/**
 * `/canary pause` and `/canary resume` comments on the source PR. A person with write access
 * holds and continues the rollout; someone with read access gets a polite reply and nothing
 * changes.
 */
import { afterEach, describe, expect, it } from "vitest";
import { HEALTHY_ROLLOUT, commitsSince } from "../../support/bot-harness-history.js";
import { pause } from "../../support/bot-harness-wait.js";
import { FULL_NAME, PEOPLE, startBotHarness, type BotHarness } from "../../support/bot-harness.js";

describe("/canary commands on the source PR", () => {
  let h: BotHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("pauses and resumes for a writer, and answers a reader without changing anything", async () => {
    // A slower clock (one minute in 200 ms) leaves room to act between two steps.
    h = await startBotHarness({ speed: 300 });
    h.install();
    await h.bootstrap();
    const bump = await h.mergeBump("6.0.1");
    await h.waitForCommit("canary: test/podinfo 0% → 10%");

    // A reader asks to pause: an answer, and the rollout goes on.
    await h.gh.as(PEOPLE.reader).comment(FULL_NAME, bump.pr, "/canary pause");
    const refused = await h.waitForComment("the answer to the reader", bump.pr, (c) => c.body.startsWith(`@${PEOPLE.reader}`));
    expect(refused.user.login).toBe(h.gh.app.botLogin);
    expect(refused.body).toBe(`@${PEOPLE.reader}\n> /canary pause\n\nsorry, @${PEOPLE.reader} has read access; pausing needs write. Nothing was changed.`);
    expect((await h.rollout())?.paused).toBe(false);
    await h.waitForCommit("canary: test/podinfo 10% → 20%");

    // A writer pauses: the rollout holds at its weight, the check run offers Resume.
    await h.gh.as(PEOPLE.writer).comment(FULL_NAME, bump.pr, "/canary pause");
    const paused = await h.waitForRollout("the rollout to be paused", (r) => r.paused);
    const heldAt = await h.repo.head();
    const sticky = await h.waitForComment("the sticky comment to show ⏸", bump.pr, (c) => c.body.includes("⏸"));
    expect(sticky.body).toContain(`Paused by @${PEOPLE.writer}. Comment \`/canary resume\` to continue.`);
    await h.waitFor("the check run to offer Resume", () =>
      h?.checkRuns(bump.headSha).find((r) => r.conclusion === "action_required" && r.actions.some((a) => a.identifier === "resume")),
    );
    await pause(1_500); // more than seven analysis intervals on the engine's clock
    expect(await h.repo.head()).toBe(heldAt);
    expect(await h.rollout()).toMatchObject({ paused: true, canaryWeight: paused.canaryWeight, phase: "Progressing" });

    // The reader cannot resume either.
    await h.gh.as(PEOPLE.reader).comment(FULL_NAME, bump.pr, "/canary resume");
    await h.waitForComment("the second answer to the reader", bump.pr, (c) => c.body.startsWith(`@${PEOPLE.reader}\n> /canary resume`));
    await pause(500);
    expect(await h.repo.head()).toBe(heldAt);
    expect((await h.rollout())?.paused).toBe(true);

    // The writer resumes: the rollout carries on from where it stood and finishes.
    await h.gh.as(PEOPLE.writer).comment(FULL_NAME, bump.pr, "/canary resume");
    await h.waitForCommit(/^canary: test\/podinfo finalise /, { timeoutMs: 30_000 });
    await h.waitForCheckRun(bump.headSha, "success");
    // Pausing added no commit and skipped none.
    expect((await commitsSince(h.repo, bump.mergeSha)).map((c) => c.subject)).toEqual(HEALTHY_ROLLOUT);
    // Two answers to the reader; the writer's commands needed none.
    expect(h.comments(bump.pr).filter((c) => c.user.login === h?.gh.app.botLogin).map((c) => c.body.split("\n")[0])).toEqual([
      `@${PEOPLE.reader}`,
      `@${PEOPLE.reader}`,
    ]);
    expect(h.gh.unmatchedRequests()).toEqual([]);
  }, 60_000);
});
