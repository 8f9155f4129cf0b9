import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TestGitRepo } from "./git-repo.js";

const EXAMPLES = new URL("../../examples/gitops/", import.meta.url);

/**
 * A real git repository holding the example GitOps layout: podinfo at 6.0.0, then a merged
 * pull request that bumps it to 6.0.1 — the change a rollout is about.
 */
export function exampleRepo(): { repo: TestGitRepo; before: string; bump: string } {
  const repo = new TestGitRepo("canary-bot-example-");
  cpSync(EXAMPLES, repo.dir, { recursive: true });
  const before = repo.commit("podinfo 6.0.0 with canary-bot specs");
  const path = join(repo.dir, "apps/podinfo/deployment.yaml");
  writeFileSync(path, readFileSync(path, "utf8").replace("podinfo:6.0.0", "podinfo:6.0.1"));
  const bump = repo.commit("Merge pull request #42 from acme/bump-podinfo\n\nBump podinfo to 6.0.1");
  return { repo, before, bump };
}
