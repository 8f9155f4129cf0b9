import { describe, expect, it } from "vitest";
import { authorise, teamsToCheck, type AuthoriseInput } from "../../../../src/core/authz/authorise.js";

const base: AuthoriseInput = { actor: "alice", command: "promote", permission: "write", membership: {}, isBot: false };

describe("authorise", () => {
  it.each<[string, Partial<AuthoriseInput>, ReturnType<typeof authorise>]>([
    ["a writer, nothing configured", {}, { allowed: true }],
    ["an admin", { permission: "admin" }, { allowed: true }],
    ["a maintainer when maintain is required", { permission: "maintain", minimum: "maintain" }, { allowed: true }],
    [
      "a reader",
      { permission: "read" },
      { allowed: false, reason: "@alice has read access; promoting needs write" },
    ],
    [
      "a triager rolling back",
      { permission: "triage", command: "rollback" },
      { allowed: false, reason: "@alice has triage access; rolling back needs write" },
    ],
    [
      "someone without access",
      { permission: "none", command: "pause" },
      { allowed: false, reason: "@alice has no access; pausing needs write" },
    ],
    [
      "a writer when maintain is required",
      { command: "resume", minimum: "maintain" },
      { allowed: false, reason: "@alice has write access; resuming needs maintain" },
    ],
    [
      "a bot, even an admin",
      { actor: "renovate[bot]", permission: "admin", isBot: true },
      { allowed: false, reason: "@renovate[bot] is a bot; canary-bot takes commands only from people" },
    ],
    ["a listed approver", { approvers: { users: ["Alice"], teams: [] } }, { allowed: true }],
    [
      "a member of a listed team",
      { actor: "bob", approvers: { users: [], teams: ["acme/platform"] }, membership: { "acme/platform": true } },
      { allowed: true },
    ],
    [
      "a writer outside the only approver team",
      { actor: "bob", approvers: { users: [], teams: ["acme/platform"] }, membership: { "acme/platform": false } },
      { allowed: false, reason: "@bob is not in @acme/platform; promoting needs an approver from gates.approvers" },
    ],
    [
      "a writer not the only approver",
      { actor: "bob", approvers: { users: ["carol"], teams: [] } },
      { allowed: false, reason: "@bob is not @carol; promoting needs an approver from gates.approvers" },
    ],
    [
      "a writer among several approvers",
      { actor: "bob", command: "approve-promotion", approvers: { users: ["carol", "dave"], teams: ["acme/platform"] } },
      {
        allowed: false,
        reason: "@bob is not one of @carol, @dave or @acme/platform; approving the promotion needs an approver from gates.approvers",
      },
    ],
    [
      "an approver who lacks write",
      { permission: "read", approvers: { users: ["alice"], teams: [] } },
      { allowed: false, reason: "@alice has read access; promoting needs write" },
    ],
    ["a non-approver pausing: approvers gate promotion only", { actor: "bob", command: "pause", approvers: { users: ["carol"], teams: [] } }, { allowed: true }],
    ["a non-approver rolling back", { actor: "bob", command: "rollback", codeowners: ["@carol"] }, { allowed: true }],
    ["a code owner", { codeowners: ["@acme/platform", "@alice"] }, { allowed: true }],
    [
      "a member of an owning team",
      { actor: "bob", codeowners: ["@acme/platform"], membership: { "acme/platform": true } },
      { allowed: true },
    ],
    [
      "a writer who owns nothing",
      { actor: "bob", codeowners: ["@acme/platform"] },
      { allowed: false, reason: "@bob is not in @acme/platform; promoting needs an approver from the CODEOWNERS of this Canary's files" },
    ],
    [
      "configured approvers win over CODEOWNERS",
      { codeowners: ["@alice"], approvers: { users: ["carol"], teams: [] } },
      { allowed: false, reason: "@alice is not @carol; promoting needs an approver from gates.approvers" },
    ],
    ["CODEOWNERS with no owners for the files", { codeowners: [] }, { allowed: true }],
    [
      "CODEOWNERS naming only e-mail addresses",
      { codeowners: ["ops@example.com"] },
      {
        allowed: false,
        reason:
          "the CODEOWNERS of this Canary's files are e-mail addresses only, which canary-bot cannot match to GitHub accounts; promoting needs gates.approvers or CODEOWNERS users or teams",
      },
    ],
    ["an @-prefixed actor", { actor: "@alice", approvers: { users: ["alice"], teams: [] } }, { allowed: true }],
  ])("%s", (_name, overrides, expected) => {
    expect(authorise({ ...base, ...overrides })).toEqual(expected);
  });

  it("names the teams whose membership must be looked up, only when they decide", () => {
    expect(teamsToCheck({ command: "promote", approvers: { users: ["a"], teams: ["Acme/Platform", "acme/platform", "acme/sre"] } })).toEqual([
      "acme/platform",
      "acme/sre",
    ]);
    expect(teamsToCheck({ command: "approve-promotion", codeowners: ["@acme/web", "@bob", "x@y.io"] })).toEqual(["acme/web"]);
    expect(teamsToCheck({ command: "rollback", approvers: { users: [], teams: ["acme/platform"] } })).toEqual([]);
    expect(teamsToCheck({ command: "promote" })).toEqual([]);
  });
});
