import { describe, expect, it } from "vitest";
import { alertReceives } from "../../../../src/core/alerts/severity-routing.js";
import type { Severity } from "../../../../src/core/spec/model.js";

describe("alertReceives: Flagger's severity routing", () => {
  const table: [alert: Severity, event: Severity, receives: boolean][] = [
    ["info", "info", true],
    ["info", "warn", true],
    ["info", "error", true],
    ["warn", "info", false],
    ["warn", "warn", true],
    ["warn", "error", true],
    ["error", "info", false],
    ["error", "warn", false],
    ["error", "error", true],
  ];
  it.each(table)("an alert of severity %s receives a %s notification: %s", (alert, event, receives) => {
    expect(alertReceives(alert, event)).toBe(receives);
  });
});
