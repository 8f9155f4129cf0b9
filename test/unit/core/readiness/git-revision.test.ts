import { describe, expect, it } from "vitest";
import { commitOfRevision, revisionCovers, sameCommit, shortSha } from "../../../../src/core/readiness/git-revision.js";

const SHA = "0123456789abcdef0123456789abcdef01234567";
const SHA256 = "a".repeat(64);

describe("commitOfRevision", () => {
  it.each([
    [`main@sha1:${SHA}`, SHA],
    [`refs/heads/main@sha1:${SHA}`, SHA],
    [`v1.2.3@sha1:${SHA}`, SHA],
    [`sha1:${SHA}`, SHA],
    [`main/${SHA}`, SHA],
    [SHA, SHA],
    [`MAIN@SHA1:${SHA.toUpperCase()}`, SHA],
    [`latest@sha256:${SHA256}`, undefined],
    ["main@sha1:abc", undefined],
    ["1.4.2", undefined],
    ["", undefined],
  ])("%s → %s", (revision, expected) => {
    expect(commitOfRevision(revision, SHA)).toBe(expected);
  });

  it("reads sha256 revisions only for SHA-256 repositories", () => {
    expect(commitOfRevision(`main@sha256:${SHA256}`, SHA256)).toBe(SHA256);
    expect(commitOfRevision(`main@sha1:${SHA}`, SHA256)).toBeUndefined();
  });
});

describe("sameCommit / shortSha / revisionCovers", () => {
  it("compares case-insensitively and accepts an abbreviation of at least 7", () => {
    expect(sameCommit(SHA, SHA.toUpperCase())).toBe(true);
    expect(sameCommit(SHA, SHA.slice(0, 7))).toBe(true);
    expect(sameCommit(SHA, SHA.slice(0, 6))).toBe(false);
    expect(shortSha(SHA)).toBe("0123456");
  });

  it("asks for ancestry only when the commits differ", async () => {
    const asked: string[] = [];
    const isDescendant = (revision: string) => {
      asked.push(revision);
      return Promise.resolve(revision === "f".repeat(40));
    };
    expect(await revisionCovers(SHA, SHA, isDescendant)).toBe(true);
    expect(await revisionCovers("f".repeat(40), SHA, isDescendant)).toBe(true);
    expect(await revisionCovers("e".repeat(40), SHA, isDescendant)).toBe(false);
    expect(await revisionCovers(undefined, SHA, isDescendant)).toBe(false);
    expect(asked).toEqual(["f".repeat(40), "e".repeat(40)]);
  });
});
