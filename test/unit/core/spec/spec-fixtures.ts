/** Reads the spec fixtures (test/fixtures/specs) as repository files. */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { RepositoryFile } from "../../../../src/core/spec/load-repository.js";

export const SPEC_FIXTURES = fileURLToPath(new URL("../../../fixtures/specs/", import.meta.url));

export function readFixture(path: string): string {
  return readFileSync(join(SPEC_FIXTURES, path), "utf8");
}

/** Every file under `dir` (relative to the fixtures), with paths relative to `dir`. */
export function readTree(dir: string): RepositoryFile[] {
  const root = join(SPEC_FIXTURES, dir);
  const walk = (relative: string): RepositoryFile[] =>
    readdirSync(join(root, relative))
      .sort()
      .flatMap((name) => {
        const path = relative === "" ? name : `${relative}/${name}`;
        return statSync(join(root, path)).isDirectory() ? walk(path) : [{ path, content: readFileSync(join(root, path), "utf8") }];
      });
  return walk("");
}

export function fixtureNames(dir: string): string[] {
  return readdirSync(join(SPEC_FIXTURES, dir)).filter((name) => name.endsWith(".yaml")).sort();
}

/** The minimal GitOps repository (podinfo in namespace `test`, templates, alert provider) without its Canary. */
export function workloadRepository(): RepositoryFile[] {
  return readTree("repo").filter((f) => f.path !== "apps/podinfo/canary.yaml");
}
