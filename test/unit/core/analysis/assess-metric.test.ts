import { describe, expect, it } from "vitest";
import { assessMetric, describeThreshold } from "../../../../src/core/analysis/assess-metric.js";
import { combineCheckOutcomes } from "../../../../src/core/analysis/combine-checks.js";
import type { MetricCheck, MetricReading } from "../../../../src/core/analysis/metric-check.js";
import type { MetricOutcome } from "../../../../src/core/machine/types.js";
import type { ResolvedMetric } from "../../../../src/core/spec/model.js";

const AT = Date.UTC(2025, 0, 2, 3, 4, 5);

function metric(name: string, fields: Partial<ResolvedMetric> = {}): ResolvedMetric {
  return { name, interval: "1m", intervalSeconds: 60, templateVariables: {}, ...fields };
}

const template = (fields: Partial<ResolvedMetric>) =>
  metric("error-rate", { templateRef: { name: "error-rate", namespace: "flagger-system" }, ...fields });
const value = (v: number): MetricReading => ({ kind: "value", value: v });

function assess(m: ResolvedMetric, v: number): Pick<MetricOutcome, "status" | "value" | "reason" | "threshold"> {
  const { status, value: shown, reason, threshold } = assessMetric(m, value(v), AT);
  return { status, ...(shown !== undefined ? { value: shown } : {}), ...(reason ? { reason } : {}), ...(threshold ? { threshold } : {}) };
}

describe("assessMetric with thresholdRange (bounds inclusive)", () => {
  it.each([
    ["max: below", { max: 1 }, 0.5, { status: "pass", value: 0.5, threshold: "max 1" }],
    ["max: on the bound", { max: 1 }, 1, { status: "pass", value: 1, threshold: "max 1" }],
    ["max: above", { max: 1 }, 1.0001, { status: "fail", value: 1.0001, reason: "1.0001 > max 1", threshold: "max 1" }],
    ["min: on the bound", { min: 99 }, 99, { status: "pass", value: 99, threshold: "min 99" }],
    ["min: below", { min: 99 }, 98.5, { status: "fail", value: 98.5, reason: "98.5 < min 99", threshold: "min 99" }],
    ["both: inside", { min: 99, max: 100 }, 99.5, { status: "pass", value: 99.5, threshold: "min 99 · max 100" }],
    ["both: on min", { min: 99, max: 100 }, 99, { status: "pass", value: 99, threshold: "min 99 · max 100" }],
    ["both: on max", { min: 99, max: 100 }, 100, { status: "pass", value: 100, threshold: "min 99 · max 100" }],
    ["both: below", { min: 99, max: 100 }, 12.5, { status: "fail", value: 12.5, reason: "12.5 < min 99", threshold: "min 99 · max 100" }],
    ["both: above", { min: 99, max: 100 }, 101, { status: "fail", value: 101, reason: "101 > max 100", threshold: "min 99 · max 100" }],
    ["0 is a value, not missing", { max: 1 }, 0, { status: "pass", value: 0, threshold: "max 1" }],
    ["an empty range accepts anything", {}, 1e9, { status: "pass", value: 1e9 }],
  ] as const)("%s", (_label, thresholdRange, v, expected) => {
    expect(assess(template({ thresholdRange }), v)).toEqual(expected);
  });
});

describe("assessMetric with the deprecated threshold", () => {
  it.each([
    ["builtin request-success-rate fails below", metric("request-success-rate", { threshold: 99 }), 98, { status: "fail", value: 98, reason: "98 < min 99", threshold: "min 99" }],
    ["builtin request-success-rate passes on it", metric("request-success-rate", { threshold: 99 }), 99, { status: "pass", value: 99, threshold: "min 99" }],
    ["builtin request-duration compares ms", metric("request-duration", { threshold: 500 }), 0.5, { status: "pass", value: 500, threshold: "max 500 ms" }],
    ["builtin request-duration fails above", metric("request-duration", { threshold: 500 }), 0.501, { status: "fail", value: 501, reason: "501 ms > max 500 ms", threshold: "max 500 ms" }],
    ["a template metric fails above", template({ threshold: 5 }), 5.5, { status: "fail", value: 5.5, reason: "5.5 > max 5", threshold: "max 5" }],
    ["a template metric passes on it", template({ threshold: 5 }), 5, { status: "pass", value: 5, threshold: "max 5" }],
    // Flagger's e2e blue/green: a template returning seconds against `threshold: 500` (no ms conversion).
    ["a template named like a duration is not converted", template({ threshold: 500 }), 0.75, { status: "pass", value: 0.75, threshold: "max 500" }],
    ["an inline query fails above", metric("custom", { query: "x", threshold: 1 }), 2, { status: "fail", value: 2, reason: "2 > max 1", threshold: "max 1" }],
    ["no threshold at all: a template metric fails above 0", template({}), 0.1, { status: "fail", value: 0.1, reason: "0.1 > max 0", threshold: "max 0" }],
    ["no threshold at all: 0 passes", template({}), 0, { status: "pass", value: 0, threshold: "max 0" }],
    ["no threshold at all: request-success-rate passes", metric("request-success-rate"), 0, { status: "pass", value: 0, threshold: "min 0" }],
  ] as const)("%s", (_label, m, v, expected) => {
    expect(assess(m, v)).toEqual(expected);
  });
});

describe("assessMetric for the builtin request-duration", () => {
  it.each([
    ["below max", 0.4999, { status: "pass", value: 499, threshold: "max 500 ms" }],
    // Flagger: time.Duration(int64(value*1000)) * time.Millisecond truncates to whole ms.
    ["500.9 ms truncates to 500 and passes", 0.5009, { status: "pass", value: 500, threshold: "max 500 ms" }],
    ["above max", 0.75, { status: "fail", value: 750, reason: "750 ms > max 500 ms", threshold: "max 500 ms" }],
  ] as const)("%s", (_label, seconds, expected) => {
    expect(assess(metric("request-duration", { thresholdRange: { max: 500 } }), seconds)).toEqual(expected);
  });

  it("shows both bounds in ms", () => {
    expect(describeThreshold(metric("request-duration", { thresholdRange: { min: 10, max: 500 } }))).toBe("min 10 ms · max 500 ms");
  });
});

describe("assessMetric without a value", () => {
  it("keeps no data apart from 0 and from errors", () => {
    const m = template({ thresholdRange: { max: 1 } });
    expect(assessMetric(m, { kind: "no-data", reason: "the query returned no data" }, AT)).toEqual({
      name: "error-rate",
      status: "no-data",
      threshold: "max 1",
      window: "1m",
      evaluatedAt: AT,
      reason: "the query returned no data",
    });
    expect(assessMetric(m, { kind: "error", reason: "Prometheus http://prom:9090 timed out after 5000 ms" }, AT)).toEqual({
      name: "error-rate",
      status: "error",
      threshold: "max 1",
      window: "1m",
      evaluatedAt: AT,
      reason: "Prometheus http://prom:9090 timed out after 5000 ms",
    });
  });

  it("treats a NaN value as no data, never as a number", () => {
    const outcome = assessMetric(template({ thresholdRange: { max: 1 } }), value(Number.NaN), AT);
    expect(outcome).toEqual({ name: "error-rate", status: "no-data", threshold: "max 1", window: "1m", evaluatedAt: AT, reason: "the query returned NaN" });
  });

  it("compares infinities and leaves them out of the (JSON) value", () => {
    expect(assess(metric("request-duration", { thresholdRange: { max: 500 } }), Number.POSITIVE_INFINITY)).toEqual({
      status: "fail",
      reason: "+Inf ms > max 500 ms",
      threshold: "max 500 ms",
    });
    expect(assess(template({ thresholdRange: { min: 1 } }), Number.POSITIVE_INFINITY)).toEqual({
      status: "pass",
      reason: "value is +Inf",
      threshold: "min 1",
    });
    expect(assess(template({ thresholdRange: { min: 1 } }), Number.NEGATIVE_INFINITY)).toEqual({
      status: "fail",
      reason: "-Inf < min 1",
      threshold: "min 1",
    });
  });

  it("carries the window and evaluation time", () => {
    const outcome = assessMetric(metric("request-success-rate", { interval: "30s", thresholdRange: { min: 99 } }), value(99.5), AT);
    expect(outcome).toEqual({ name: "request-success-rate", status: "pass", value: 99.5, threshold: "min 99", window: "30s", evaluatedAt: AT });
  });
});

describe("combineCheckOutcomes", () => {
  const m = metric("request-duration", { thresholdRange: { max: 500 }, templateRef: { name: "rd", namespace: "ns" } });
  const builtin: MetricCheck = { name: m.name, metric: m, source: "builtin", label: "builtin request-duration" };
  const fromTemplate: MetricCheck = { name: m.name, metric: m, source: "template", label: "MetricTemplate ns/rd" };
  const other = metric("error-rate", { thresholdRange: { max: 1 } });
  const otherCheck: MetricCheck = { name: other.name, metric: other, source: "template", label: "MetricTemplate ns/error-rate" };

  it("keeps single checks as they are, in order of first appearance", () => {
    const a = assessMetric(otherCheck, value(0.5), AT);
    const b = assessMetric(builtin, value(0.1), AT);
    expect(combineCheckOutcomes([{ check: otherCheck, outcome: a }, { check: builtin, outcome: b }])).toEqual([a, b]);
  });

  it("reports the first check of a metric that did not pass, labelled", () => {
    const results = [
      { check: builtin, outcome: assessMetric(builtin, value(0.1), AT) },
      { check: fromTemplate, outcome: assessMetric(fromTemplate, value(700), AT) },
    ];
    expect(combineCheckOutcomes(results)).toEqual([
      { name: "request-duration", status: "fail", value: 700, threshold: "max 500", window: "1m", evaluatedAt: AT, reason: "MetricTemplate ns/rd: 700 > max 500" },
    ]);
  });

  it("lists every value when all checks of a metric pass", () => {
    const results = [
      { check: builtin, outcome: assessMetric(builtin, value(0.1), AT) },
      { check: fromTemplate, outcome: assessMetric(fromTemplate, value(120), AT) },
    ];
    expect(combineCheckOutcomes(results)).toEqual([
      {
        name: "request-duration",
        status: "pass",
        value: 120,
        threshold: "max 500",
        window: "1m",
        evaluatedAt: AT,
        reason: "all checks passed (builtin request-duration: 100; MetricTemplate ns/rd: 120)",
      },
    ]);
  });
});
