/**
 * The `canary-bot: plan` check on an open PR: a change that breaks the Canary's spec fails the
 * check with an annotation on the exact line, before anyone merges it; once fixed, the check
 * says what merging will do.
 */
import { afterEach, describe, expect, it } from "vitest";
import { CANARY_PATH } from "../../support/bot-harness-repo.js";
import { FULL_NAME, PEOPLE, startBotHarness, type BotHarness } from "../../support/bot-harness.js";

const PLAN = "canary-bot: plan";

/** 1-based number of the first line of `text` equal to `line`. */
function lineOf(text: string, line: string): number {
  const index = text.split("\n").indexOf(line);
  if (index < 0) throw new Error(`no line ${JSON.stringify(line)}`);
  return index + 1;
}

describe("the plan check on pull requests", () => {
  let h: BotHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("fails on the exact line of a broken Canary spec, then passes once it is fixed", async () => {
    h = await startBotHarness();
    h.install();
    await h.bootstrap();
    const canary = (await h.repo.readFile(CANARY_PATH)) ?? "";
    const broken = canary.replace("    interval: 1m\n", "    interval: soon\n");
    expect(broken).not.toBe(canary);
    const line = lineOf(broken, "    interval: soon");

    const head = await h.gh.as(PEOPLE.writer).push(FULL_NAME, { branch: "faster-analysis", files: { [CANARY_PATH]: broken }, message: "Analyse more often" });
    const pr = await h.gh.as(PEOPLE.writer).openPullRequest(FULL_NAME, { head: "faster-analysis", title: "Analyse more often" });
    const failed = await h.waitForCheckRun(head, "failure", { name: PLAN });
    expect(failed.externalId).toBe(`preview/${String(pr)}`);
    expect(failed.output.title).toBe("1 invalid spec: fix before merging");
    const message = "spec.analysis.interval: must be a duration such as 30s, 1m or 1m30s (a number followed by s or m, as Flagger's CRD requires)";
    expect(failed.output.summary).toContain(`\`${CANARY_PATH}:${String(line)}:5: ${message}\``);
    expect(failed.annotations).toEqual([
      expect.objectContaining({ path: CANARY_PATH, startLine: line, endLine: line, annotationLevel: "failure", title: "canary-bot: invalid", message }),
    ]);

    // The author fixes it on the same branch (pull_request.synchronize): a new check on the new head.
    const fixed = await h.gh.as(PEOPLE.writer).push(FULL_NAME, {
      branch: "faster-analysis",
      files: { [CANARY_PATH]: canary.replace("    interval: 1m\n", "    interval: 30s\n") },
      message: "Use a valid interval",
    });
    const passed = await h.waitForCheckRun(fixed, "success", { name: PLAN });
    expect(passed.output.title).toBe("1 Canary valid");
    expect(passed.output.summary).toContain("**`test/podinfo`** (apps/podinfo/canary.yaml) · canary · 10 → 20 → 30 → 40 → 50 % every 30s");
    expect(passed.annotations).toEqual([]);
    // The failing run stays on the commit it judged; nothing was committed to main.
    expect(h.repo.checkRuns(head).find((r) => r.name === PLAN)?.conclusion).toBe("failure");
    expect((await h.mainHistory()).at(-1)?.subject).toBe("Merge pull request #1 from acme/canary-bot/bootstrap/test/podinfo");
    expect(h.gh.unmatchedRequests()).toEqual([]);
  }, 60_000);
});
