/**
 * A person pushes to main while a rollout runs, at the worst moment: after the bot read the
 * branch and just before its next step's commit reaches GitHub. GitHub refuses the bot's commit
 * (expected head moved); the bot re-reads and commits the step on top of the person's commit.
 * Nothing is force-pushed: the history stays linear and holds both.
 */
import { afterEach, describe, expect, it } from "vitest";
import { commitsSince } from "../../support/bot-harness-history.js";
import { FULL_NAME, PEOPLE, startBotHarness, type BotHarness } from "../../support/bot-harness.js";

const RUNBOOK = "docs/runbook.md";

describe("a person pushing to main during a rollout", () => {
  let h: BotHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("keeps the person's commit: the bot re-plans its step on top, without force", async () => {
    h = await startBotHarness();
    h.install();
    await h.bootstrap();
    const bump = await h.mergeBump("6.0.1");
    await h.waitForCommit("canary: test/podinfo 10% → 20%");

    let human = "";
    const harness = h;
    // The bot's next commit on main: let the person push first.
    const pushed = h.api.before(
      (r) => r.path === "/graphql" && r.body.includes("createCommitOnBranch") && r.body.includes('"branchName":"main"'),
      async () => {
        human = await harness.gh.as(PEOPLE.writer).push(FULL_NAME, {
          branch: "main",
          files: { [RUNBOOK]: "# Runbook\n\nRoll back with `/canary rollback` on the PR.\n" },
          message: "Add the on-call runbook",
        });
      },
    );
    await pushed;
    await h.waitForCommit(/^canary: test\/podinfo finalise /);

    const history = await commitsSince(h.repo, bump.mergeSha);
    expect(history.map((c) => c.subject)).toEqual([
      "canary: test/podinfo scale up canary",
      "canary: test/podinfo 0% → 10%",
      "canary: test/podinfo 10% → 20%",
      "Add the on-call runbook",
      "canary: test/podinfo 20% → 30%",
      "canary: test/podinfo 30% → 40%",
      "canary: test/podinfo 40% → 50%",
      expect.stringMatching(/^canary: test\/podinfo promote [0-9a-f]{12}$/),
      "canary: test/podinfo 50% → 0%",
      expect.stringMatching(/^canary: test\/podinfo finalise [0-9a-f]{12} \(scale down canary\)$/),
    ]);
    expect(history[3]?.sha).toBe(human);
    // Linear: every commit's only parent is the one before it.
    history.forEach((commit, i) => {
      expect(commit.parents).toEqual([i === 0 ? bump.mergeSha : history[i - 1]?.sha]);
    });
    expect(await h.repo.git("rev-list", "--merges", `${bump.mergeSha}..main`)).toBe("");
    expect(await h.repo.readFile(RUNBOOK)).toBe("# Runbook\n\nRoll back with `/canary rollback` on the PR.\n");

    // GitHub refused the stale commit once; the bot planned again instead of forcing.
    const commits = h.gh.stats().byGraphqlField["mutation createCommitOnBranch"];
    const onBootstrapBranch = 1;
    const steps = history.length - 1;
    expect(commits?.count).toBe(onBootstrapBranch + steps + 1);
    expect(h.bot.log.lines.filter((l) => l.msg === "the branch moved; re-reading and planning again")).toHaveLength(1);
    expect(h.gh.requests().filter((r) => r.method === "PATCH" && r.route?.includes("/git/refs/") === true)).toEqual([]);
    await h.waitForCheckRun(bump.headSha, "success");
    expect(h.gh.unmatchedRequests()).toEqual([]);
  }, 60_000);
});
