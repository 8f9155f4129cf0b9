/**
 * What the App refuses or waits for, visibly: deliveries that GitHub did not sign, a
 * `.github/canary-bot.yml` it cannot read, and a branch GitHub will not let it write to.
 */
import { createHmac } from "node:crypto";
import { sign } from "@octokit/webhooks-methods";
import { afterEach, describe, expect, it } from "vitest";
import { commitsSince } from "../../support/bot-harness-history.js";
import { botConfig, CONFIG_PATH } from "../../support/bot-harness-repo.js";
import { pause } from "../../support/bot-harness-wait.js";
import { FULL_NAME, PEOPLE, WEBHOOK_PATH, startBotHarness, type BotHarness } from "../../support/bot-harness.js";

async function deliver(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  const response = await fetch(`${url}${WEBHOOK_PATH}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
  return { status: response.status, text: await response.text() };
}

describe("guards of the GitHub App", () => {
  let h: BotHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("rejects a delivery with a bad or missing signature and acts on none of it", async () => {
    h = await startBotHarness({ speed: 300 });
    h.install();
    await h.bootstrap();
    const bump = await h.mergeBump("6.0.1");
    await h.waitForCommit("canary: test/podinfo 0% → 10%");
    // A real comment delivery from GitHub, as the template of a forged one.
    await h.gh.as(PEOPLE.writer).comment(FULL_NAME, bump.pr, "Looks fine so far.");
    await h.gh.settled();
    const real = h.gh.webhooks.deliveries({ event: "issue_comment", action: "created" }).find((d) => d.body.includes("Looks fine so far."));
    expect(real).toBeDefined();
    const forged = (real?.body ?? "").replace("Looks fine so far.", "/canary rollback");
    const url = h.bot.url ?? "";
    const headers = { "x-github-event": "issue_comment", "user-agent": "GitHub-Hookshot/forged" };

    const wrongSecret = await deliver(url, forged, { ...headers, "x-github-delivery": "forged-1", "x-hub-signature-256": await sign("not-the-secret", forged) });
    expect(wrongSecret.status).toBe(400);
    expect(wrongSecret.text).toContain("signature does not match event payload and secret");
    // The real signature of the original body does not cover the changed one.
    const replayed = await deliver(url, forged, { ...headers, "x-github-delivery": "forged-2", "x-hub-signature-256": await sign(h.gh.app.webhookSecret, real?.body ?? "") });
    expect(replayed.status).toBe(400);
    const unsigned = await deliver(url, forged, {
      ...headers,
      "x-github-delivery": "forged-3",
      "x-hub-signature": `sha1=${createHmac("sha1", h.gh.app.webhookSecret).update(forged).digest("hex")}`,
    });
    expect(unsigned.status).toBe(400);
    expect(unsigned.text).toContain("Required headers missing: x-hub-signature-256");

    await h.waitForCommit(/^canary: test\/podinfo finalise /);
    const subjects = (await commitsSince(h.repo, bump.mergeSha)).map((c) => c.subject);
    expect(subjects.some((s) => s.includes("roll back"))).toBe(false);
    expect(h.repo.pullRequests().map((p) => p.number)).toEqual([1, bump.pr]);
    expect(h.comments(bump.pr).map((c) => c.user.login)).toEqual([PEOPLE.writer]);
    expect(h.bot.log.lines.filter((l) => /forged-\d/.test(l.line) && l.msg.includes("queued"))).toEqual([]);
    await h.waitForCheckRun(bump.headSha, "success");
  }, 60_000);

  it("fails a `canary-bot: configuration` check naming the file and line of a malformed config, and keeps serving", async () => {
    h = await startBotHarness();
    h.install();
    await h.bootstrap();
    const broken = await h.gh.as(PEOPLE.owner).push(FULL_NAME, {
      branch: "main",
      files: { [CONFIG_PATH]: botConfig("gates:\n  promotion: sometimes\n") },
      message: "Gate promotions",
    });
    const check = await h.waitForCheckRun(broken, "failure", { name: "canary-bot: configuration" });
    expect(check.output.title).toBe("1 problem in .github/canary-bot.yml");
    expect(check.output.summary).toContain('.github/canary-bot.yml:6:3: gates.promotion: must be one of "webhooks", "pull-request", got "sometimes"');
    expect(check.annotations).toEqual([
      expect.objectContaining({ path: CONFIG_PATH, startLine: 6, endLine: 6, annotationLevel: "failure", title: "gates.promotion", message: 'must be one of "webhooks", "pull-request", got "sometimes"' }),
    ]);
    // A merge while the file is broken starts nothing, and the bot stays up.
    const bump = await h.mergeBump("6.0.1");
    // Its PR was previewed against main's configuration: failing, with the same problem.
    const plan = await h.waitForCheckRun(bump.headSha, "failure", { name: "canary-bot: plan" });
    expect(plan.output.summary).toContain('`.github/canary-bot.yml:6:3: gates.promotion: must be one of "webhooks", "pull-request", got "sometimes"`');
    await pause(1_000);
    expect(await commitsSince(h.repo, bump.mergeSha)).toEqual([]);
    expect((await fetch(`${h.bot.url ?? ""}/healthz`)).status).toBe(200);
    expect(h.bot.log.problems(/reconcile failed|work failed/)).toEqual([]);

    // Fixed on main: the waiting change rolls out.
    await h.gh.as(PEOPLE.owner).push(FULL_NAME, { branch: "main", files: { [CONFIG_PATH]: botConfig() }, message: "Fix the canary-bot settings" });
    await h.waitForCommit("canary: test/podinfo scale up canary");
  }, 60_000);

  it("waits on a protected main the App may not write to, says why on the check run, and goes on once allowed", async () => {
    h = await startBotHarness();
    h.install();
    await h.bootstrap();
    h.repo.protect("main", { requirePullRequest: true });
    const bump = await h.mergeBump("6.0.1");

    const blocked = await h.waitFor("the check run to say the rollout is blocked", () =>
      h?.checkRuns(bump.headSha).find((r) => r.output.title?.startsWith("Blocked: GitHub refused the commit") === true),
    );
    expect(blocked.status).toBe("in_progress");
    expect(blocked.output.summary).toContain("> **GitHub refused canary-bot's commit:** createCommitOnBranch acme/deploy@main: Repository rule violations found");
    expect(blocked.output.summary).toContain("Changes must be made through a pull request.");
    expect(blocked.output.summary).toContain("The rollout waits and retries.");
    await pause(500);
    expect(await commitsSince(h.repo, bump.mergeSha)).toEqual([]);
    expect(h.bot.log.problems(/GitHub refused the commit; the rollout waits/).length).toBeGreaterThanOrEqual(1);

    h.repo.unprotect("main");
    await h.waitForCommit(/^canary: test\/podinfo finalise /);
    const run = await h.waitForCheckRun(bump.headSha, "success");
    expect(run.id).toBe(blocked.id);
    expect(run.output.title?.startsWith("Blocked")).toBe(false);
    expect((await commitsSince(h.repo, bump.mergeSha)).map((c) => c.subject)).toHaveLength(9);
  }, 60_000);
});
