/**
 * GitHub may deliver an event twice (and people press "Redeliver"): the copy keeps the
 * delivery's GUID. Every delivery of this rollout arrives twice; the history, the pull
 * requests, the check run and the comments are exactly those of a single delivery.
 */
import { afterEach, describe, expect, it } from "vitest";
import { HEALTHY_ROLLOUT, commitsSince } from "../../support/bot-harness-history.js";
import { pause } from "../../support/bot-harness-wait.js";
import { FULL_NAME, PEOPLE, startBotHarness, type BotHarness } from "../../support/bot-harness.js";

describe("duplicate webhook deliveries", () => {
  let h: BotHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("make no duplicate commit, pull request, check run or comment", async () => {
    h = await startBotHarness();
    h.gh.webhooks.intercept({ mode: "duplicate" });
    h.install();
    await h.bootstrap();
    const bump = await h.mergeBump("6.0.1");
    // A reader's command arrives twice too: one answer.
    await h.gh.as(PEOPLE.reader).comment(FULL_NAME, bump.pr, "/canary pause");

    await h.waitForCommit(/^canary: test\/podinfo finalise /);
    await h.waitForCheckRun(bump.headSha, "success");
    await h.waitForComment("the sticky comment to say 🟢", bump.pr, (c) => c.body.includes("🟢"));
    await h.waitForComment("the answer to the reader", bump.pr, (c) => c.body.startsWith(`@${PEOPLE.reader}`));

    // Then someone presses "Redeliver" on the merge of the bump and on the reader's comment.
    const merged = h.gh.webhooks.deliveries({ event: "pull_request", action: "closed" }).find((d) => !d.duplicate && (d.payload as { number?: unknown }).number === bump.pr);
    const comment = h.gh.webhooks.deliveries({ event: "issue_comment", action: "created" }).find((d) => !d.duplicate && JSON.stringify(d.payload).includes("/canary pause"));
    expect(merged).toBeDefined();
    expect(comment).toBeDefined();
    h.gh.webhooks.redeliver(merged?.id ?? "");
    h.gh.webhooks.redeliver(comment?.id ?? "");
    await h.gh.settled();
    await pause(1_000);

    const duplicates = h.gh.webhooks.deliveries().filter((d) => d.duplicate);
    expect(duplicates.length).toBeGreaterThan(20);
    expect(duplicates.every((d) => d.state === "delivered")).toBe(true);
    const ignored = h.bot.log.lines.filter((l) => l.msg.endsWith(": already handled, ignored")).map((l) => l.msg);
    expect(ignored.length).toBeGreaterThanOrEqual(10);
    expect(ignored).toContain(`delivery ${merged?.id ?? ""} pull_request.closed: already handled, ignored`);
    expect(ignored).toContain(`delivery ${comment?.id ?? ""} issue_comment.created: already handled, ignored`);

    const subjects = (await commitsSince(h.repo, bump.mergeSha)).map((c) => c.subject);
    expect(subjects).toEqual(HEALTHY_ROLLOUT);
    expect(h.repo.pullRequests().map((p) => [p.number, p.headRef])).toEqual([
      [1, "canary-bot/bootstrap/test/podinfo"],
      [bump.pr, bump.branch],
    ]);
    expect(h.checkRuns(bump.headSha)).toHaveLength(1);
    expect(h.stickyComments(bump.pr)).toHaveLength(1);
    expect(h.comments(bump.pr).map((c) => `${c.user.login}: ${c.body.split("\n")[0] ?? ""}`)).toEqual([
      `${PEOPLE.reader}: /canary pause`,
      `${h.gh.app.botLogin}: @${PEOPLE.reader}`,
    ]);
    expect((await h.rollout())?.phase).toBe("Succeeded");
    expect(h.gh.unmatchedRequests()).toEqual([]);
  }, 60_000);
});
