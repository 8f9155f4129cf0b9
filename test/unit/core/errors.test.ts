import { describe, expect, it } from "vitest";
import { SpecError, formatSpecIssue } from "../../../src/core/errors.js";

describe("spec issues", () => {
  it("format as file:line:column: field: message", () => {
    const issue = {
      location: { file: "apps/podinfo/canary.yaml", line: 12, column: 5 },
      field: "spec.analysis.stepWeights[2]",
      message: "must be greater than the previous step (30)",
      severity: "error" as const,
    };
    expect(formatSpecIssue(issue)).toBe(
      "apps/podinfo/canary.yaml:12:5: spec.analysis.stepWeights[2]: must be greater than the previous step (30)",
    );
    expect(new SpecError([issue, issue]).message.split("\n")).toHaveLength(2);
  });
});
