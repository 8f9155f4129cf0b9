import { describe, expect, it } from "vitest";
import { directoryCovers, normaliseGitUrl, normaliseRepoPath } from "../../../../src/core/readiness/git-source-match.js";

describe("normaliseGitUrl", () => {
  it.each([
    "https://github.com/acme/gitops",
    "https://github.com/acme/gitops.git",
    "https://github.com/Acme/GitOps.git/",
    "http://github.com/acme/gitops",
    "https://x-access-token:secret@github.com/acme/gitops.git",
    "ssh://git@github.com/acme/gitops.git",
    "ssh://git@github.com:22/acme/gitops",
    "git@github.com:acme/gitops.git",
    "github.com:acme/gitops",
  ])("%s → github.com/acme/gitops", (url) => {
    expect(normaliseGitUrl(url)).toBe("github.com/acme/gitops");
  });

  it("keeps nested paths (GitLab groups, GitHub Enterprise) and rejects non-remotes", () => {
    expect(normaliseGitUrl("https://gitlab.example.com/group/sub/repo.git")).toBe("gitlab.example.com/group/sub/repo");
    expect(normaliseGitUrl("")).toBeUndefined();
    expect(normaliseGitUrl("not a url")).toBeUndefined();
    expect(normaliseGitUrl("https://github.com")).toBeUndefined();
  });
});

describe("directoryCovers", () => {
  it.each([
    ["./apps/podinfo", "apps/podinfo/canary.yaml", true, true],
    ["apps", "apps/podinfo/canary.yaml", true, true],
    ["apps", "apps/podinfo/canary.yaml", false, false],
    ["apps/podinfo/", "apps/podinfo/canary.yaml", false, true],
    ["./", "apps/podinfo/canary.yaml", true, true],
    ["", "canary.yaml", false, true],
    ["apps/pod", "apps/podinfo/canary.yaml", true, false],
    ["infra", "apps/podinfo/canary.yaml", true, false],
  ])("%s covers %s (recursive %s): %s", (dir, file, recursive, expected) => {
    expect(directoryCovers(dir, file, recursive)).toBe(expected);
  });

  it("normalises repository paths", () => {
    expect(normaliseRepoPath("./apps//podinfo/")).toBe("apps/podinfo");
    expect(normaliseRepoPath("./")).toBe("");
  });
});
