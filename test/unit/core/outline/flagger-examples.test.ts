/**
 * Flagger's own Gateway API Canaries (test/fixtures/specs/examples, verbatim from its tutorial
 * and its e2e tests) plan in a repository with the podinfo workload: the rollout completes, each
 * strategy takes the steps Flagger documents, and every route validates against the CRD.
 */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { planRollout } from "../../../../src/core/outline/plan-rollout.js";
import { loadRepository } from "../../../../src/core/spec/load-repository.js";
import type { RepositoryFile } from "../../../../src/core/spec/load-repository.js";
import { httpRouteErrors } from "../../../support/crd-validator.js";
import { readFixture } from "../spec/spec-fixtures.js";

function repositoryFor(file: string, templates: string): RepositoryFile[] {
  const canaryYaml = readFixture(`examples/${file}`);
  const namespace = (parse(canaryYaml) as { metadata?: { namespace?: string } }).metadata?.namespace ?? "test";
  return [
    { path: "apps/podinfo/deployment.yaml", content: readFixture("repo/apps/podinfo/deployment.yaml") },
    { path: "apps/podinfo/hpa.yaml", content: readFixture("repo/apps/podinfo/hpa.yaml") },
    { path: "apps/podinfo/kustomization.yaml", content: readFixture("repo/apps/podinfo/kustomization.yaml").replace("namespace: test", `namespace: ${namespace}`) },
    { path: `apps/podinfo/${file}`, content: canaryYaml },
    { path: "flagger-system/metric-templates.yaml", content: readFixture(`examples/${templates}`) },
  ];
}

const TUTORIAL = "gatewayapi-progressive-delivery-01.yaml";
const E2E = "e2e-gatewayapi-metric-templates.yaml";

describe("Flagger's Gateway API examples plan", () => {
  it.each([
    { file: "gatewayapi-progressive-delivery-02.yaml", templates: TUTORIAL, codes: "rollout-started weight-increased×5 promotion-started finalising succeeded", weights: [10, 20, 30, 40, 50] },
    { file: "gatewayapi-progressive-delivery-03.yaml", templates: TUTORIAL, codes: "rollout-started iteration-advanced×10 promotion-started finalising succeeded", weights: [] },
    { file: "gatewayapi-progressive-delivery-04.yaml", templates: TUTORIAL, codes: "rollout-started weight-increased×5 promotion-started finalising succeeded", weights: [10, 20, 30, 40, 50] },
    { file: "gatewayapi-progressive-delivery-05.yaml", templates: TUTORIAL, codes: "rollout-started mirroring-started iteration-advanced×9 traffic-switched promotion-started finalising succeeded", weights: [] },
    { file: "e2e-gatewayapi-canary-01.yaml", templates: E2E, codes: "rollout-started weight-increased×5 promotion-started finalising succeeded", weights: [10, 20, 30, 40, 50] },
    { file: "e2e-gatewayapi-canary-02.yaml", templates: E2E, codes: "rollout-started weight-increased×5 promotion-started finalising succeeded", weights: [10, 20, 30, 40, 50] },
    { file: "e2e-gatewayapi-bg-01.yaml", templates: E2E, codes: "rollout-started iteration-advanced×5 traffic-switched promotion-started finalising succeeded", weights: [] },
    { file: "e2e-gatewayapi-ab-01.yaml", templates: E2E, codes: "rollout-started iteration-advanced×10 promotion-started finalising succeeded", weights: [] },
    { file: "e2e-gatewayapi-session-affinity-01.yaml", templates: E2E, codes: "rollout-started weight-increased×5 promotion-started finalising succeeded", weights: [10, 20, 30, 40, 50] },
  ])("$file", ({ file, templates, codes, weights }) => {
    const index = loadRepository(repositoryFor(file, templates));
    const [canary] = index.canaries;
    expect(canary).toBeDefined();
    const result = planRollout(canary!, index);
    if ("issues" in result) throw new Error(result.issues.map((i) => i.message).join("\n"));
    const { plan } = result;
    // Consecutive equal codes folded: "iteration-advanced×10".
    const folded: string[] = [];
    for (const code of plan.steps.map((s) => s.code)) {
      const last = folded.at(-1);
      const match = last === undefined ? null : /^(.*?)(?:×(\d+))?$/.exec(last);
      if (match?.[1] === code) folded[folded.length - 1] = `${code}×${String(Number(match[2] ?? "1") + 1)}`;
      else folded.push(code);
    }
    expect(folded.join(" ")).toBe(codes);
    expect(plan.weights).toEqual(weights);
    for (const step of plan.steps) if (step.route !== undefined) expect(httpRouteErrors(step.route), `step ${String(step.index)}`).toEqual([]);
  });
});
