import { describe, expect, it } from "vitest";
import { FLAGGER_DURATION, GATEWAY_DURATION, parseGoDuration } from "../../../../src/core/spec/duration.js";

describe("parseGoDuration", () => {
  it.each([
    ["0", 0],
    ["30s", 30_000],
    ["1m", 60_000],
    ["1m30s", 90_000],
    ["1h", 3_600_000],
    ["1.5s", 1500],
    ["500ms", 500],
    ["2h45m10s", 9_910_000],
    ["-1m", -60_000],
    ["10µs", 0.01],
  ])("%s → %d ms", (text, ms) => {
    expect(parseGoDuration(text)).toBeCloseTo(ms, 6);
  });

  it.each(["", "10", "10sec", "1d", "m", "1 m", ".s", "1m 30s"])("%j is not a Go duration", (text) => {
    expect(parseGoDuration(text)).toBeUndefined();
  });
});

describe("Flagger duration (CRD pattern ^[0-9]+(m|s) and Go syntax)", () => {
  it.each([
    ["30s", true],
    ["1m", true],
    ["1m30s", true],
    ["500ms", true],
    ["1h", false],
    ["10sec", false],
    ["1.5s", false],
    ["-1m", false],
    ["", false],
  ])("%s → %s", (text, ok) => {
    expect(FLAGGER_DURATION.test(text)).toBe(ok);
  });
});

describe("Gateway API duration (GEP-2257)", () => {
  it.each([
    ["5s", true],
    ["500ms", true],
    ["1h30m", true],
    ["1.5s", false],
    ["100000s", false],
    ["1d", false],
  ])("%s → %s", (text, ok) => {
    expect(GATEWAY_DURATION.test(text)).toBe(ok);
  });
});
