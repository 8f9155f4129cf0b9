import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalGitRepository, pullRequestFromMessage } from "../../../src/adapters/local-git/local-git-repository.js";
import { ConflictError } from "../../../src/core/errors.js";
import { TestGitRepo } from "../../support/git-repo.js";

describe("LocalGitRepository", () => {
  let repo: TestGitRepo;
  let base: string;

  beforeEach(() => {
    repo = new TestGitRepo();
    base = repo.commit("initial", {
      "apps/podinfo/deployment.yaml": "kind: Deployment # keep\n",
      "apps/podinfo/route.yaml": "weight: 100\n",
      "apps/other/x.yaml": "x: 1\n",
      "README.md": "hello ☃\n",
    });
  });
  afterEach(() => {
    repo.remove();
  });

  it("lists files under prefixes and reads their contents by blob", async () => {
    const local = new LocalGitRepository(repo.dir);
    expect(await local.headOf("main")).toBe(base);
    expect(await local.headOf("nope")).toBeUndefined();
    const snapshot = await local.listFiles(base, ["apps/podinfo/"]);
    expect(snapshot.files.map((f) => f.path)).toEqual(["apps/podinfo/deployment.yaml", "apps/podinfo/route.yaml"]);
    const all = await local.listFiles(base, []);
    expect(all.files).toHaveLength(4);
    const contents = await local.readFiles(all.files);
    expect(contents.get("README.md")).toBe("hello ☃\n");
    expect(contents.get("apps/podinfo/deployment.yaml")).toBe("kind: Deployment # keep\n");
  });

  it("commits atomically on the checked-out branch and moves the working tree along", async () => {
    const local = new LocalGitRepository(repo.dir);
    const result = await local.commitChanges({
      branch: "main",
      expectedHead: base,
      changes: [
        { path: "apps/podinfo/route.yaml", content: "weight: 90\n" },
        { path: "apps/podinfo/new.yaml", content: "new: true\n" },
        { path: "apps/other/x.yaml", content: null },
      ],
      message: "canary: test/podinfo 0% → 10%\n\nCanary: test/podinfo\nCanary-Step: 1\n",
    });
    expect(repo.head()).toBe(result.sha);
    expect(repo.git("rev-parse", `${result.sha}^`)).toBe(base);
    expect(repo.show(result.sha, "apps/podinfo/route.yaml")).toBe("weight: 90");
    expect(readFileSync(join(repo.dir, "apps/podinfo/new.yaml"), "utf8")).toBe("new: true\n");
    expect(repo.git("status", "--porcelain")).toBe("");
    expect(repo.git("log", "-1", "--format=%an|%s|%(trailers:key=Canary-Step,valueonly)", result.sha)).toBe("canary-bot[bot]|canary: test/podinfo 0% → 10%|1");
    const [latest] = await local.recentCommits("main", 5);
    expect(latest?.sha).toBe(result.sha);
    expect(latest?.authorLogin).toBe("canary-bot[bot]");
    expect(latest?.message).toContain("Canary: test/podinfo");
    expect(await local.isAncestor(base, result.sha)).toBe(true);
    expect(await local.isAncestor(result.sha, base)).toBe(false);
    expect(await local.isAncestor("0".repeat(40), base)).toBe(false);
  });

  it("refuses to commit on a head that moved: ConflictError, nothing written", async () => {
    const local = new LocalGitRepository(repo.dir);
    const human = repo.commit("human change", { "README.md": "changed\n" });
    await expect(
      local.commitChanges({ branch: "main", expectedHead: base, changes: [{ path: "apps/podinfo/route.yaml", content: "weight: 0\n" }], message: "x" }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(repo.head()).toBe(human);
    expect(repo.show("HEAD", "apps/podinfo/route.yaml")).toBe("weight: 100");
  });

  it("commits to a branch that is not checked out without touching the working tree", async () => {
    repo.git("branch", "rollouts");
    const local = new LocalGitRepository(repo.dir);
    const result = await local.commitChanges({ branch: "rollouts", expectedHead: base, changes: [{ path: "apps/podinfo/route.yaml", content: "weight: 50\n" }], message: "x" });
    expect(repo.head("rollouts")).toBe(result.sha);
    expect(repo.head("main")).toBe(base);
    expect(readFileSync(join(repo.dir, "apps/podinfo/route.yaml"), "utf8")).toBe("weight: 100\n");
  });

  it("finds the pull request a merge or squash commit came from", async () => {
    const local = new LocalGitRepository(repo.dir);
    const merge = repo.commit("Merge pull request #42 from acme/bump-podinfo\n\nBump podinfo to 6.0.1");
    expect(await local.pullRequestOf(merge)).toMatchObject({ number: 42, title: "Bump podinfo to 6.0.1", author: "Octo Cat" });
    expect(await local.pullRequestOf(base)).toBeUndefined();
    expect(pullRequestFromMessage("Bump podinfo to 6.0.2 (#43)")).toEqual({ number: 43, title: "Bump podinfo to 6.0.2" });
  });
});
