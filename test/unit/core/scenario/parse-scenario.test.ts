import { describe, expect, it } from "vitest";
import { formatSpecIssue } from "../../../../src/core/errors.js";
import { DEFAULT_WEBHOOK_STATUS, scenarioMetric, scenarioReading, scenarioWebhookStatus } from "../../../../src/core/scenario/lookup.js";
import { parseScenario } from "../../../../src/core/scenario/parse-scenario.js";
import { unknownScenarioNames } from "../../../../src/core/scenario/scenario-names.js";
import type { Scenario } from "../../../../src/core/scenario/types.js";
import { canaryWith, metric, webhook } from "../machine/harness.js";

const FILE = "scenarios/test.yaml";

function parsed(text: string): Scenario {
  const result = parseScenario(FILE, text);
  if ("issues" in result) throw new Error(result.issues.map(formatSpecIssue).join("\n"));
  return result.scenario;
}

function issues(text: string): string[] {
  const result = parseScenario(FILE, text);
  if (!("issues" in result)) throw new Error("expected issues");
  return result.issues.map(formatSpecIssue);
}

const EXAMPLE = `description: every check passes
metrics:              # per metric name: one value per analysis round; the last value repeats
  error-rate: [0.1, 0.2, 0.3]
  latency: [0.21, 0.24, no-data, {error: "connection refused"}]
webhooks:             # per hook name: HTTP status per call; default 200; the last value repeats
  load-test: [200]
  acceptance: [403, 403, 200]
`;

describe("parseScenario", () => {
  it("reads values, no-data and errors per metric, and statuses per webhook", () => {
    const scenario = parsed(EXAMPLE);
    expect(scenario.description).toBe("every check passes");
    expect([...scenario.metrics]).toEqual([
      ["error-rate", [{ kind: "value", value: 0.1 }, { kind: "value", value: 0.2 }, { kind: "value", value: 0.3 }]],
      ["latency", [{ kind: "value", value: 0.21 }, { kind: "value", value: 0.24 }, { kind: "no-data" }, { kind: "error", message: "connection refused" }]],
    ]);
    expect([...scenario.webhooks]).toEqual([
      ["load-test", [200]],
      ["acceptance", [403, 403, 200]],
    ]);
    expect(scenario.locations.metrics.get("latency")).toEqual({ file: FILE, line: 4, column: 3 });
    expect(scenario.locations.webhooks.get("acceptance")).toEqual({ file: FILE, line: 7, column: 3 });
  });

  it("takes a single value as a list of one", () => {
    const scenario = parsed("metrics:\n  error-rate: no-data\n  latency: {error: timeout}\nwebhooks:\n  load-test: 500\n");
    expect(scenario.metrics.get("error-rate")).toEqual([{ kind: "no-data" }]);
    expect(scenario.metrics.get("latency")).toEqual([{ kind: "error", message: "timeout" }]);
    expect(scenario.webhooks.get("load-test")).toEqual([500]);
  });

  it("names every mistake with its file, line, column and field", () => {
    const text = `descripton: typo
metrics:
  error-rate: [0.1, nodata, "0.3", {eror: x}, {error: ""}]
  latency: []
  saturation:
webhooks:
  load-test: [200, 999, ok]
  acceptance: {status: 200}
extra: 1
`;
    expect(issues(text)).toEqual([
      "scenarios/test.yaml:1:1: descripton: unknown field; did you mean description?",
      'scenarios/test.yaml:3:21: metrics.error-rate[1]: must be a number, no-data or {error: message}, got "nodata"; did you mean no-data?',
      'scenarios/test.yaml:3:29: metrics.error-rate[2]: must be a number, no-data or {error: message}, got "0.3"',
      "scenarios/test.yaml:3:37: metrics.error-rate[3].eror: unknown field; did you mean error?",
      'scenarios/test.yaml:3:48: metrics.error-rate[4].error: must be the error message as a string, got ""',
      "scenarios/test.yaml:4:3: metrics.latency: needs at least one value, e.g. [0.5, no-data]; the last one repeats",
      "scenarios/test.yaml:5:3: metrics.saturation: needs at least one value, e.g. [0.5, no-data]; the last one repeats",
      "scenarios/test.yaml:7:20: webhooks.load-test[1]: must be an HTTP status from 100 to 599, got 999",
      'scenarios/test.yaml:7:25: webhooks.load-test[2]: must be an HTTP status from 100 to 599, got "ok"',
      "scenarios/test.yaml:8:3: webhooks.acceptance: must be an HTTP status from 100 to 599, got a mapping",
      "scenarios/test.yaml:9:1: extra: unknown field; a scenario has description, metrics, webhooks",
    ]);
  });

  it("reports YAML syntax errors, empty files, several documents and a file that is not a mapping", () => {
    expect(issues("metrics:\n  error-rate: [0.1\n")).toHaveLength(1);
    expect(issues("metrics:\n  error-rate: [0.1\n")[0]).toMatch(/^scenarios\/test\.yaml:\d+:\d+: yaml: /);
    expect(issues("# nothing\n")).toEqual(["scenarios/test.yaml:1:1: scenario: is empty: write metrics and webhooks answers (see examples/scenarios)"]);
    expect(issues("metrics: {}\n---\nmetrics: {}\n")).toEqual(["scenarios/test.yaml:3:1: scenario: a scenario file holds one YAML document, found 2"]);
    expect(issues("- 1\n- 2\n")).toEqual(["scenarios/test.yaml:1:1: scenario: must be a mapping with description, metrics and webhooks, got a list"]);
    expect(issues("metrics: [1, 2]\n")).toEqual(["scenarios/test.yaml:1:1: metrics: must be a mapping from metric name to a list such as [0.5, no-data], got a list"]);
    expect(issues("description: 3\n")).toEqual(["scenarios/test.yaml:1:1: description: must be a string, got 3"]);
  });
});

describe("lookups", () => {
  const scenario = parsed(EXAMPLE);

  it("gives the answer of each analysis round, repeating the last", () => {
    expect([0, 1, 2, 3, 4, 9].map((round) => scenarioMetric(scenario, "latency", round))).toEqual([
      { kind: "value", value: 0.21 },
      { kind: "value", value: 0.24 },
      { kind: "no-data" },
      { kind: "error", message: "connection refused" },
      { kind: "error", message: "connection refused" },
      { kind: "error", message: "connection refused" },
    ]);
    expect(scenarioMetric(scenario, "saturation", 0)).toBeUndefined();
  });

  it("turns answers into readings for assessMetric", () => {
    expect(scenarioReading({ kind: "value", value: 0.3 }, FILE)).toEqual({ kind: "value", value: 0.3 });
    expect(scenarioReading({ kind: "no-data" }, FILE)).toEqual({ kind: "no-data", reason: "no data (scenario scenarios/test.yaml)" });
    expect(scenarioReading({ kind: "error", message: "connection refused" }, FILE)).toEqual({ kind: "error", reason: "connection refused" });
  });

  it("gives the status of each webhook call, repeating the last; unlisted hooks answer 200", () => {
    expect([0, 1, 2, 3].map((call) => scenarioWebhookStatus(scenario, "acceptance", call))).toEqual([403, 403, 200, 200]);
    expect(scenarioWebhookStatus(scenario, "smoke-test", 5)).toBe(DEFAULT_WEBHOOK_STATUS);
    expect(DEFAULT_WEBHOOK_STATUS).toBe(200);
  });
});

describe("unknownScenarioNames", () => {
  it("points at metric and webhook names the Canary does not configure", () => {
    const canary = canaryWith({ analysis: { metrics: [metric("error-rate"), metric("latency")], webhooks: [webhook("load-test", "rollout")] } });
    const scenario = parsed("metrics:\n  error-rate: [0.1]\n  latncy: [0.2]\n  saturation: [1]\nwebhooks:\n  load-tset: [200]\n");
    expect(unknownScenarioNames(scenario, canary).map(formatSpecIssue)).toEqual([
      "scenarios/test.yaml:3:3: metrics.latncy: Canary test/podinfo has no metric latncy; did you mean latency?",
      "scenarios/test.yaml:4:3: metrics.saturation: Canary test/podinfo has no metric saturation (its metrics: error-rate, latency)",
      "scenarios/test.yaml:6:3: webhooks.load-tset: Canary test/podinfo has no webhook load-tset; did you mean load-test?",
    ]);
  });
});
