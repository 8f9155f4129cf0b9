/**
 * Running it in production with two replicas: two canary-bot instances (each with its own
 * Probot server) share one real Redis (the work queue, the rollout records, the delivery log
 * and Probot's rate-limit state) and one GitHub. GitHub sends each delivery to one address; a
 * round-robin load balancer spreads them over the replicas. Every step is committed exactly
 * once, and when one replica goes away mid-rollout the other finishes it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { HEALTHY_ROLLOUT, commitsSince, type HistoryCommit } from "../../support/bot-harness-history.js";
import { startBotHarness, type BotHarness } from "../../support/bot-harness.js";
import { redisUnavailable, startRedis, type RunningRedis } from "../../support/redis-server.js";

function expectEachStepOnce(history: readonly HistoryCommit[]): void {
  expect(history.map((c) => c.subject)).toEqual(HEALTHY_ROLLOUT);
  expect(history.map((c) => c.trailers["Canary-Step"])).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8"]);
  expect(new Set(history.map((c) => c.trailers["Canary-Plan"])).size).toBe(history.length);
  history.forEach((commit, i) => {
    if (i > 0) expect(commit.parents).toEqual([history[i - 1]?.sha]);
  });
}

/** Decisions a replica made (one log line per tick of a Canary). */
function ticks(h: BotHarness, index: number): number {
  return h.bots[index]?.log.lines.filter((l) => l.line.includes('"canary":"test/podinfo"') && l.line.includes('"code":')).length ?? 0;
}

describe.skipIf(redisUnavailable !== undefined)("two replicas on one Redis", () => {
  let redis: RunningRedis;
  let db = 0;
  let h: BotHarness | undefined;

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  /** Each test on its own Redis database: nothing carries over from the one before. */
  function redisUrl(): string {
    db += 1;
    return `${redis.url}/${String(db)}`;
  }

  it("share one rollout: deliveries reach both, every step is committed exactly once", async () => {
    h = await startBotHarness({ replicas: 2, redisUrl: redisUrl() });
    h.install();
    await h.bootstrap();
    const bump = await h.mergeBump("6.0.1");
    await h.waitForCommit(/^canary: test\/podinfo finalise /);
    await h.waitForCheckRun(bump.headSha, "success");
    await h.waitForRollout("the shared record at Succeeded", (r) => r.phase === "Succeeded");

    expectEachStepOnce(await commitsSince(h.repo, bump.mergeSha));
    for (const commit of await commitsSince(h.repo, bump.mergeSha)) expect(h.repo.isVerified(commit.sha)).toBe(true);
    expect(h.repo.pullRequests().map((p) => p.number)).toEqual([1, bump.pr]);
    expect(h.checkRuns(bump.headSha)).toHaveLength(1);
    expect(h.stickyComments(bump.pr)).toHaveLength(1);
    await h.waitForComment("the sticky comment to say 🟢", bump.pr, (c) => c.body.includes("🟢"));

    // The load balancer spread the deliveries, and both replicas took work from the queue.
    const [first, second] = h.bots.map((b) => b.url);
    const forwarded = h.proxy?.forwarded ?? [];
    expect(forwarded.filter((f) => f.target === first && f.status === 200).length).toBeGreaterThan(3);
    expect(forwarded.filter((f) => f.target === second && f.status === 200).length).toBeGreaterThan(3);
    expect(ticks(h, 0)).toBeGreaterThan(0);
    expect(ticks(h, 1)).toBeGreaterThan(0);
    // Both read the same rollout record.
    expect((await h.bots[0]?.running?.engine.rollouts())?.map((r) => r.phase)).toEqual(["Succeeded"]);
    expect((await h.bots[1]?.running?.engine.rollouts())?.map((r) => r.phase)).toEqual(["Succeeded"]);
    for (const bot of h.bots) expect(bot.log.problems(/reconcile failed|work failed|redis error/)).toEqual([]);
    expect(h.gh.unmatchedRequests()).toEqual([]);
  }, 60_000);

  it("lose one replica mid-rollout: the other finishes it without repeating a step", async () => {
    h = await startBotHarness({ replicas: 2, redisUrl: redisUrl() });
    h.install();
    await h.bootstrap();
    const bump = await h.mergeBump("6.0.1");
    await h.waitForCommit("canary: test/podinfo 20% → 30%");

    const [gone, survivor] = h.bots;
    await gone?.stop();
    const ticksBefore = ticks(h, 1);
    await h.waitForCommit(/^canary: test\/podinfo finalise /);
    await h.waitForCheckRun(bump.headSha, "success");
    await h.waitForRollout("the shared record at Succeeded", (r) => r.phase === "Succeeded");

    expectEachStepOnce(await commitsSince(h.repo, bump.mergeSha));
    expect(ticks(h, 1)).toBeGreaterThan(ticksBefore);
    expect(gone?.running).toBeUndefined();
    expect((await survivor?.running?.engine.rollouts())?.map((r) => r.phase)).toEqual(["Succeeded"]);
    // After the loss, every delivery went to the survivor.
    const afterLoss = (h.proxy?.forwarded ?? []).slice(-3);
    expect(afterLoss.every((f) => f.target === survivor?.url)).toBe(true);
    expect(h.stickyComments(bump.pr)).toHaveLength(1);
    expect(h.checkRuns(bump.headSha)).toHaveLength(1);
    expect(survivor?.log.problems(/reconcile failed|work failed|redis error/)).toEqual([]);
  }, 60_000);
});
