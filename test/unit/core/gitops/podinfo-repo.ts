/** A repository built from the podinfo fixtures of the shared reference data. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { RepoFile } from "../../../../src/core/gitops/types.js";

const DATA = new URL("../../../../../shared/reference/data/", import.meta.url);

function data(name: string): string {
  return readFileSync(fileURLToPath(new URL(name, DATA)), "utf8");
}

export const CANARY_FILE = "apps/podinfo/canary.yaml";

export function podinfoRepo(extra: readonly RepoFile[] = []): RepoFile[] {
  return [
    { path: "apps/podinfo/deployment.yaml", content: data("podinfo-deployment.yaml") },
    { path: "apps/podinfo/hpa.yaml", content: data("podinfo-hpa.yaml") },
    { path: "apps/podinfo/kustomization.yaml", content: data("podinfo-kustomization.yaml") },
    { path: CANARY_FILE, content: "apiVersion: flagger.app/v1beta1\nkind: Canary\nmetadata:\n  name: podinfo\n  namespace: test\n" },
    ...extra,
  ];
}
