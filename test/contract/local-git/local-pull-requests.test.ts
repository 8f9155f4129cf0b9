import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalGitRepository } from "../../../src/adapters/local-git/local-git-repository.js";
import { LocalPullRequests } from "../../../src/adapters/local-git/local-pull-requests.js";
import { OutputFolder } from "../../../src/adapters/local-files/output-folder.js";
import { ConflictError } from "../../../src/core/errors.js";
import { TestGitRepo } from "../../support/git-repo.js";

describe("LocalPullRequests", () => {
  let repo: TestGitRepo;
  let out: string;
  let prs: LocalPullRequests;

  beforeEach(() => {
    repo = new TestGitRepo();
    out = mkdtempSync(join(tmpdir(), "canary-bot-out-"));
    prs = new LocalPullRequests(repo.dir, new OutputFolder(out));
    repo.commit("initial", { "apps/podinfo/deployment.yaml": "image: podinfo:6.0.0\n", "README.md": "x\n" });
  });
  afterEach(() => {
    repo.remove();
    rmSync(out, { recursive: true, force: true });
  });

  it("opens a revert PR whose branch holds the inverse of the source PR's change", async () => {
    repo.commit("Merge pull request #42 from acme/bump\n\nBump podinfo to 6.0.1", { "apps/podinfo/deployment.yaml": "image: podinfo:6.0.1\n" });
    repo.commit("canary: test/podinfo roll back", { "README.md": "rolled back\n" });
    const result = await prs.openRevert({ source: { kind: "pull-request", number: 42 }, base: "main", branch: "canary-bot/revert/test-podinfo", title: 'Revert "#42 Bump podinfo to 6.0.1" — canary failed', body: "Why: error rate" });
    expect(result.kind).toBe("opened");
    if (result.kind !== "opened") return;
    expect(result.via).toBe("inverse-commit");
    expect(repo.show("canary-bot/revert/test-podinfo", "apps/podinfo/deployment.yaml")).toBe("image: podinfo:6.0.0");
    expect(repo.show("canary-bot/revert/test-podinfo", "README.md")).toBe("rolled back");
    expect(repo.git("rev-parse", "canary-bot/revert/test-podinfo^")).toBe(repo.head("main"));
    const file = readFileSync(join(out, `pull-request.${String(result.pullRequest.number)}.md`), "utf8");
    expect(file).toContain('# Revert "#42 Bump podinfo to 6.0.1" — canary failed');
    expect(file).toContain("Why: error rate");
    const again = await prs.openRevert({ source: { kind: "pull-request", number: 42 }, base: "main", branch: "canary-bot/revert/test-podinfo", title: "t", body: "b" });
    expect(again).toMatchObject({ kind: "opened", via: "existing" });
  });

  it("says there is nothing to revert when the change is already gone", async () => {
    const bump = repo.commit("Bump podinfo (#43)", { "apps/podinfo/deployment.yaml": "image: podinfo:6.0.1\n" });
    repo.commit("manual revert", { "apps/podinfo/deployment.yaml": "image: podinfo:6.0.0\n" });
    expect(await prs.openRevert({ source: { kind: "commit", sha: bump }, base: "main", branch: "r", title: "t", body: "b" })).toEqual({ kind: "nothing-to-revert" });
  });

  it("merges a promotion PR only at the expected head", async () => {
    const local = new LocalGitRepository(repo.dir);
    const base = repo.head();
    await prs.createBranch("canary-bot/promote/test-podinfo", base);
    const promoted = await local.commitChanges({ branch: "canary-bot/promote/test-podinfo", expectedHead: base, changes: [{ path: "apps/podinfo/primary.yaml", content: "image: podinfo:6.0.1\n" }], message: "canary: test/podinfo promote" });
    const pr = await prs.openOrGet({ head: "canary-bot/promote/test-podinfo", base: "main", title: "Promote test/podinfo to 6.0.1", body: "b" });
    expect(pr.created).toBe(true);
    await expect(prs.merge(pr.number, base, "merge")).rejects.toBeInstanceOf(ConflictError);
    const merged = await prs.merge(pr.number, promoted.sha, "merge");
    expect(repo.head("main")).toBe(merged.sha);
    expect(repo.git("rev-list", "--parents", "-n1", "main").split(" ")).toEqual([merged.sha, base, promoted.sha]);
    expect(repo.show("main", "apps/podinfo/primary.yaml")).toBe("image: podinfo:6.0.1");
    expect((await prs.get(pr.number)).merged).toBe(true);
  });
});
