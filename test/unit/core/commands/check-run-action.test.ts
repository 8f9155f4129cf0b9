import { describe, expect, it } from "vitest";
import { parseBotBranch, promotionBranch, revertBranch } from "../../../../src/core/commands/bot-branches.js";
import { canaryOfCheckRun, checkRunExternalId, commandFromCheckRunAction } from "../../../../src/core/commands/check-run-action.js";
import { inlineCode } from "../../../../src/core/commands/inline-code.js";

describe("check-run buttons", () => {
  it.each([
    ["promote", { type: "promote", by: "alice" }],
    ["rollback", { type: "rollback", by: "alice" }],
    ["pause", { type: "pause", by: "alice" }],
    ["resume", { type: "resume", by: "alice" }],
    ["retry", { type: "retry", by: "alice" }],
    ["approve-promotion", undefined],
    ["lgtm|26764", undefined],
    ["Promote", undefined],
  ])("maps identifier %j", (identifier, command) => {
    expect(commandFromCheckRunAction(identifier, "alice")).toEqual(command);
  });

  it.each([
    [{ externalId: "test/podinfo" }, "test/podinfo"],
    [{ externalId: "test/podinfo@3f9a1c" }, "test/podinfo"],
    [{ externalId: "acme/deploys#test/podinfo@3f9a1c" }, "test/podinfo"],
    [{ externalId: "", name: "canary-bot: prod/api.v2" }, "prod/api.v2"],
    [{ externalId: null, name: "canary-bot: prod/api" }, "prod/api"],
    [{ externalId: "rollout-7", name: "API Review" }, undefined],
    [{ externalId: "podinfo", name: "canary-bot: podinfo" }, undefined],
    [{ externalId: "preview/42", name: "canary-bot: plan" }, undefined],
    [{ externalId: "config", name: "canary-bot: config" }, undefined],
    [{ externalId: "test/podinfo", name: "canary-bot: test/podinfo" }, "test/podinfo"],
    [{ externalId: "other/thing", name: "canary-bot: test/podinfo" }, "test/podinfo"],
    [{ externalId: "test/podinfo", name: "Canary" }, "test/podinfo"],
    [{}, undefined],
  ])("finds the Canary of run %j", (run, canary) => {
    expect(canaryOfCheckRun(run)).toBe(canary);
  });

  it("builds the external id the parser reads back", () => {
    const canary = { namespace: "test", name: "podinfo" };
    expect(checkRunExternalId(canary)).toBe("test/podinfo");
    expect(checkRunExternalId(canary, "abc123")).toBe("test/podinfo@abc123");
    expect(canaryOfCheckRun({ externalId: checkRunExternalId(canary, "abc123") })).toBe("test/podinfo");
  });

  it("builds promotion branches with and without a suffix", () => {
    expect(promotionBranch({ namespace: "test", name: "podinfo" }, "3f9a1c2b")).toBe("canary-bot/promote/test/podinfo/3f9a1c2b");
    expect(parseBotBranch("canary-bot/promote/test/podinfo/3f9a1c2b")).toEqual({ kind: "promote", canary: "test/podinfo" });
  });
});

describe("bot branches", () => {
  it.each([
    ["canary-bot/promote/test/podinfo", { kind: "promote", canary: "test/podinfo" }],
    ["refs/heads/canary-bot/promote/team-a/pod-info", { kind: "promote", canary: "team-a/pod-info" }],
    ["canary-bot/revert/test/podinfo/1a2b3c4", { kind: "revert", canary: "test/podinfo" }],
    ["canary-bot/revert/test-podinfo-1a2b3c4", { kind: "revert" }],
    ["canary-bot/promote/test-podinfo", { kind: "promote" }],
    ["canary-bot/promote/test-podinfo-3f9a1c2b", { kind: "promote" }],
    ["canary-bot/other/test/podinfo", undefined],
    ["revert-42-bump-podinfo", undefined],
    ["feature/canary-bot/promote/test/podinfo", undefined],
  ])("reads %j", (ref, expected) => {
    expect(parseBotBranch(ref)).toEqual(expected);
  });

  it("builds branches the parser reads back", () => {
    const canary = { namespace: "team-a", name: "pod-info" };
    expect(promotionBranch(canary)).toBe("canary-bot/promote/team-a/pod-info");
    expect(revertBranch(canary, "1a2b3c4")).toBe("canary-bot/revert/team-a/pod-info/1a2b3c4");
    expect(parseBotBranch(revertBranch(canary, "1a2b3c4"))).toEqual({ kind: "revert", canary: "team-a/pod-info" });
  });
});

describe("inlineCode", () => {
  it.each([
    ["plain", "`plain`"],
    ["has `tick`", "`` has `tick` ``"], ["a ` b", "``a ` b``"],
    ["`starts", "`` `starts ``"],
    ["a\nb", "`a b`"],
    ["x".repeat(70), `\`${"x".repeat(60)}…\``],
  ])("wraps %j", (text, expected) => {
    expect(inlineCode(text)).toBe(expected);
  });
});
