import { describe, expect, it } from "vitest";
import { increasedWeight, maxWeight, nextStepWeight, promotionWeight } from "../../../../src/core/machine/next-weight.js";
import { sessionCookieValues } from "../../../../src/core/machine/session-cookie.js";

describe("maxWeight", () => {
  it.each([
    { settings: { maxWeight: 50, stepWeight: 10 }, expected: 50 },
    { settings: { maxWeight: 0, stepWeight: 10 }, expected: 100 },
    { settings: { maxWeight: 50, stepWeights: [1, 2, 10, 80] }, expected: 80 },
    { settings: { maxWeight: 50, stepWeights: [20, 150] }, expected: 100 },
  ])("$settings → $expected", ({ settings, expected }) => {
    expect(maxWeight(settings)).toBe(expected);
  });
});

describe("nextStepWeight", () => {
  const ladder = { maxWeight: 100, stepWeights: [1, 2, 10, 80] };
  it.each([
    { settings: { maxWeight: 50, stepWeight: 20 }, weight: 40, expected: 20 },
    { settings: ladder, weight: 0, expected: 1 },
    { settings: ladder, weight: 1, expected: 1 },
    { settings: ladder, weight: 2, expected: 8 },
    { settings: ladder, weight: 10, expected: 70 },
    // The last rung and off-ladder weights: the rest of the way; at 100, 1 so promotion follows.
    { settings: ladder, weight: 80, expected: 20 },
    { settings: ladder, weight: 33, expected: 67 },
    { settings: ladder, weight: 100, expected: 1 },
    { settings: { maxWeight: 100, stepWeights: [60, 200] }, weight: 60, expected: 40 },
    // stepWeight wins over stepWeights, as in Flagger.
    { settings: { maxWeight: 100, stepWeight: 5, stepWeights: [50] }, weight: 0, expected: 5 },
    { settings: { maxWeight: 100 }, weight: 0, expected: 0 },
  ])("$settings at $weight → $expected", ({ settings, weight, expected }) => {
    expect(nextStepWeight(settings, weight)).toBe(expected);
  });
});

describe("increasedWeight and promotionWeight", () => {
  it.each([
    { from: 40, step: 20, expected: 60 },
    { from: 90, step: 20, expected: 100 },
  ])("canary $from + $step → $expected", ({ from, step, expected }) => {
    expect(increasedWeight({ maxWeight: 50, stepWeight: step }, from)).toBe(expected);
  });

  it.each([
    { step: 0, from: 60, expected: 0 },
    { step: 50, from: 100, expected: 50 },
    { step: 50, from: 30, expected: 0 },
  ])("promotion step $step from $from → $expected", ({ step, from, expected }) => {
    expect(promotionWeight(step, from)).toBe(expected);
  });
});

describe("sessionCookieValues", () => {
  it("derives two different 10-letter values from the run", () => {
    const run = { namespace: "test", name: "podinfo", revision: "rev-2", startedAt: 1736172000000 };
    const values = sessionCookieValues(run);
    expect(values.canary).toMatch(/^[a-zA-Z]{10}$/);
    expect(values.primary).toMatch(/^[a-zA-Z]{10}$/);
    expect(values.canary).not.toBe(values.primary);
    expect(sessionCookieValues({ ...run })).toEqual(values);
    expect(sessionCookieValues({ ...run, startedAt: run.startedAt + 1 }).canary).not.toBe(values.canary);
  });
});
