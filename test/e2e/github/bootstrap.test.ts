/**
 * Bootstrap: a Canary the bot has not seen gets a pull request that adds the generated objects
 * (primary Deployment and HPA, Services, HTTPRoute at 100/0) and scales the target to 0.
 * Merging it is Flagger's initialisation; nothing is committed to main before a person does.
 */
import { afterEach, describe, expect, it } from "vitest";
import { commitsSince, history } from "../../support/bot-harness-history.js";
import { CANARY_PATH, DEPLOYMENT_PATH, GENERATED_PATH, canaryYaml, routeWeights, targetReplicas } from "../../support/bot-harness-repo.js";
import { pause } from "../../support/bot-harness-wait.js";
import { BOOTSTRAP_BRANCH, FULL_NAME, PEOPLE, startBotHarness, type BotHarness } from "../../support/bot-harness.js";

const KUSTOMIZATION = "apps/podinfo/kustomization.yaml";

describe("bootstrapping a Canary", () => {
  let h: BotHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("opens the bootstrap PR when the App is installed, and a person's merge initialises the Canary", async () => {
    h = await startBotHarness();
    const seed = await h.repo.head();
    h.install();

    const pr = await h.waitForPullRequest("the bootstrap PR", (p) => p.headRef === BOOTSTRAP_BRANCH);
    expect(pr.title).toBe("canary-bot: bootstrap test/podinfo");
    expect(pr.user.login).toBe(h.gh.app.botLogin);
    expect(pr.baseRef).toBe("main");
    expect(pr.body).toContain("Adds what canary-bot needs to run progressive delivery for `test/podinfo`:");
    expect(pr.body).toContain("- `podinfo` scaled to 0: it runs only during a rollout.");
    // One signed commit on the branch, nothing on main.
    const onBranch = await history(h.repo, `${seed ?? ""}..${BOOTSTRAP_BRANCH}`);
    expect(onBranch.map((c) => c.subject)).toEqual(["canary: test/podinfo bootstrap"]);
    expect(onBranch[0]?.trailers).toMatchObject({ Canary: "test/podinfo", "Canary-Phase": "Initializing" });
    expect(h.repo.isVerified(onBranch[0]?.sha ?? "")).toBe(true);
    expect(await h.repo.head()).toBe(seed);
    const changed = (await h.repo.git("diff", "--name-status", `${seed ?? ""}...${BOOTSTRAP_BRANCH}`)).split("\n").sort();
    expect(changed).toEqual([`A\t${GENERATED_PATH}`, `M\t${DEPLOYMENT_PATH}`, `M\t${KUSTOMIZATION}`]);
    const generated = (await h.repo.readFile(GENERATED_PATH, BOOTSTRAP_BRANCH)) ?? "";
    expect(generated).toMatch(/^# .*canary-bot/);
    expect(generated).toContain("name: podinfo-primary");
    expect(generated).toContain("kind: HorizontalPodAutoscaler");
    expect(generated).toContain("ghcr.io/stefanprodan/podinfo:6.0.0");
    expect(routeWeights(generated)).toEqual({ primary: [100], canary: [0] });
    expect(targetReplicas((await h.repo.readFile(DEPLOYMENT_PATH, BOOTSTRAP_BRANCH)) ?? "")).toBe(0);
    expect(await h.repo.readFile(KUSTOMIZATION, BOOTSTRAP_BRANCH)).toContain("  - podinfo.canary-bot.yaml");
    // The Canary itself stays out of what the GitOps tool applies.
    expect(await h.repo.readFile(KUSTOMIZATION, BOOTSTRAP_BRANCH)).not.toContain("canary.yaml\n");
    // Until the merge, the record says Initializing.
    await h.waitForRollout("the record at Initializing", (r) => r.phase === "Initializing");

    const mergeSha = await h.gh.as(PEOPLE.owner).mergePullRequest(FULL_NAME, pr.number);
    await h.waitForRollout("Initialized", (r) => r.phase === "Initialized");
    await pause(1_000); // ten intervals: an initialised Canary with nothing to roll out commits nothing
    expect(await commitsSince(h.repo, mergeSha)).toEqual([]);
    expect(h.repo.pullRequests()).toHaveLength(1);
    expect(h.gh.unmatchedRequests()).toEqual([]);
  }, 60_000);

  it("opens the bootstrap PR when a person pushes a new Canary to an installed repository", async () => {
    h = await startBotHarness({ withoutCanary: true });
    h.install();
    await pause(500);
    expect(h.repo.pullRequests()).toEqual([]);

    await h.gh.as(PEOPLE.writer).push(FULL_NAME, { branch: "main", files: { [CANARY_PATH]: canaryYaml(h.loadtester.url) }, message: "Canary for podinfo" });
    const { pr } = await h.bootstrap();
    expect(h.repo.pullRequest(pr)?.title).toBe("canary-bot: bootstrap test/podinfo");
    expect(routeWeights((await h.repo.readFile(GENERATED_PATH)) ?? "")).toEqual({ primary: [100], canary: [0] });
    // And the next change to the target is a rollout.
    const bump = await h.mergeBump("6.0.1");
    await h.waitForCommit("canary: test/podinfo scale up canary");
    expect(h.repo.pullRequests().map((p) => p.number)).toEqual([pr, bump.pr]);
  }, 60_000);
});
