/**
 * The promotion PR gate (`gates.promotion: pull-request`): at the last weight the bot opens a
 * PR holding exactly the promotion commit and asks the configured team for review. An approval
 * is not authorisation by itself: the bot checks the reviewer's permission and team, answers
 * everyone else politely, and merges the PR itself once an authorised person approves.
 */
import { afterEach, describe, expect, it } from "vitest";
import { commitsSince } from "../../support/bot-harness-history.js";
import { botConfig } from "../../support/bot-harness-repo.js";
import { pause } from "../../support/bot-harness-wait.js";
import { FULL_NAME, PEOPLE, startBotHarness, type BotHarness } from "../../support/bot-harness.js";

const GATED = botConfig('gates:\n  promotion: pull-request\n  approvers:\n    - "@acme/platform"\n');

describe("the promotion PR gate", () => {
  let h: BotHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("waits for an authorised approval, answers the others, then merges the promotion PR and finishes", async () => {
    h = await startBotHarness({ config: GATED });
    h.install();
    await h.bootstrap();
    const bump = await h.mergeBump("6.0.1");

    const promotion = await h.waitForPullRequest("the promotion PR", (p) => p.headRef.startsWith("canary-bot/promote/test/podinfo/"));
    const number = promotion.number;
    await h.waitForRollout("WaitingPromotion", (r) => r.phase === "WaitingPromotion");
    await h.waitFor("the team's review to be requested", () => h?.repo.pullRequest(number)?.requestedTeams.has("platform"));
    const head = await h.repo.head();
    expect(promotion.title).toMatch(/^Promote test\/podinfo to [0-9a-f]{16}$/);
    expect(promotion.body).toContain("Review requested from @acme/platform (configured approvers).");
    // Exactly the promotion commit on top of main.
    const onBranch = (await h.repo.git("log", "--format=%s", `${head ?? ""}..${promotion.headRef}`)).split("\n");
    expect(onBranch).toEqual([expect.stringMatching(/^canary: test\/podinfo promote [0-9a-f]{12}$/)]);
    expect((await commitsSince(h.repo, bump.mergeSha)).map((c) => c.subject).at(-1)).toBe("canary: test/podinfo 40% → 50%");

    // Read access only: a polite answer, nothing changes.
    await h.gh.as(PEOPLE.reader).approve(FULL_NAME, number);
    const toReader = await h.waitForComment("the answer to the read-only reviewer", number, (c) => c.body.startsWith(`@${PEOPLE.reader}`));
    expect(toReader.user.login).toBe(h.gh.app.botLogin);
    expect(toReader.body).toBe(`@${PEOPLE.reader}\n> approve-promotion\n\nsorry, @${PEOPLE.reader} has read access; approving the promotion needs write. Nothing was changed.`);
    // Write access but not in the team: also not enough.
    await h.gh.as(PEOPLE.writer).approve(FULL_NAME, number);
    const toWriter = await h.waitForComment("the answer to the writer outside the team", number, (c) => c.body.startsWith(`@${PEOPLE.writer}`));
    expect(toWriter.body).toContain(`sorry, @${PEOPLE.writer} is not in @acme/platform; approving the promotion needs an approver from gates.approvers. Nothing was changed.`);
    await pause(500);
    expect(h.repo.pullRequest(number)?.state).toBe("open");
    expect((await h.rollout())?.phase).toBe("WaitingPromotion");
    expect(await h.repo.head()).toBe(head);

    // A member of the team with write access: the bot merges the PR and finishes the rollout.
    await h.gh.as(PEOPLE.teamMember).approve(FULL_NAME, number, "Numbers look good.");
    await h.waitForCommit(/^canary: test\/podinfo finalise /);
    const merged = h.repo.pullRequest(number);
    expect(merged?.mergedBy?.login).toBe(h.gh.app.botLogin);
    expect((await commitsSince(h.repo, bump.mergeSha)).map((c) => c.subject)).toEqual([
      "canary: test/podinfo scale up canary",
      "canary: test/podinfo 0% → 10%",
      "canary: test/podinfo 10% → 20%",
      "canary: test/podinfo 20% → 30%",
      "canary: test/podinfo 30% → 40%",
      "canary: test/podinfo 40% → 50%",
      `Merge pull request #${String(number)} from acme/${promotion.headRef}`,
      "canary: test/podinfo 50% → 0%",
      expect.stringMatching(/^canary: test\/podinfo finalise [0-9a-f]{12} \(scale down canary\)$/),
    ]);
    await h.waitForCheckRun(bump.headSha, "success");
    const comment = await h.waitForComment("the sticky comment to say 🟢", bump.pr, (c) => c.body.includes("🟢"));
    expect(comment.body).toContain(`Promoted through [promotion PR #${String(number)}](https://github.com/acme/deploy/pull/${String(number)}).`);
    // Two answers, no more: the authorised approval needed none.
    expect(h.comments(number).map((c) => c.body.split("\n")[0])).toEqual([`@${PEOPLE.reader}`, `@${PEOPLE.writer}`]);
    expect(h.gh.unmatchedRequests()).toEqual([]);
  }, 60_000);
});
