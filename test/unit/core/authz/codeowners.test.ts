import { describe, expect, it } from "vitest";
import { compileCodeownersPattern } from "../../../../src/core/authz/codeowners-pattern.js";
import { ownersOf, ownersOfPaths, parseCodeowners, selectCodeowners } from "../../../../src/core/authz/codeowners.js";
import { formatSpecIssue } from "../../../../src/core/errors.js";

/** GitHub's documented pattern semantics, path by path. */
const PATTERNS: readonly [string, Readonly<Record<string, boolean>>][] = [
  ["*", { "a.js": true, "apps/podinfo/canary.yaml": true }],
  ["*.js", { "a.js": true, "src/deep/b.js": true, "a.jsx": false, "js/readme": false }],
  ["foo", { foo: true, "foo/bar": true, "bar/foo": true, "bar/foo/baz": true, "foo.txt": false, "bar/foo.txt": false }],
  ["/foo", { foo: true, "foo/bar/baz": true, "bar/foo": false, "fool.txt": false }],
  ["apps/", { apps: false, "apps/a.yaml": true, "x/apps/b.yaml": true, "x/apps/deep/c.yaml": true, "apps.yaml": false }],
  ["/build/logs/", { "build/logs/a.log": true, "build/logs/x/b.log": true, "x/build/logs/a.log": false, "build/logs": false }],
  ["docs/*", { "docs/getting-started.md": true, "docs/build-app/troubleshooting.md": false, "x/docs/a.md": false, docs: false }],
  ["foo/bar", { "foo/bar": true, "foo/bar/baz": true, "foo/bart": false, "baz/foo/bar": false }],
  ["foo/*.txt", { "foo/bar.txt": true, "foo/bar/baz.txt": false, "qux/foo/bar.txt": false }],
  ["foo/*/baz", { "foo/bar/baz": true, "foo/bar/baz/qux": true, "foo/baz": false }],
  ["/*", { foo: true, "foo/bar": false }],
  ["f*", { foo: true, "foo/bar": true, "bar/foo": true, "bar/baz": false, xfoo: false }],
  ["f?o", { foo: true, fo: false, fooo: false }],
  ["f\\*o", { "f*o": true, foo: false }],
  ["**/logs", { logs: true, "a/logs": true, "a/b/logs/x.log": true, "a/blogs": false }],
  ["foo/**/bar", { "foo/bar": true, "foo/x/y/bar": true, "foo/x/bar/baz": true, "qux/foo/bar": false }],
  ["foo/bar/**", { "foo/bar": false, "foo/bar/baz": true, "foo/bar/baz/qux": true }],
  ["apps/**", { "apps/a": true, "apps/a/b": true, apps: false }],
  ["/apps/github", { "apps/github": true, "apps/github/x.js": true, "apps/githubx": false }],
  ["a.b", { "a.b": true, axb: false }],
];

describe("CODEOWNERS patterns", () => {
  for (const [pattern, paths] of PATTERNS) {
    it(`matches ${pattern}`, () => {
      const matches = compileCodeownersPattern(pattern);
      expect(matches).toBeDefined();
      const actual = Object.fromEntries(Object.keys(paths).map((path) => [path, matches?.(path)]));
      expect(actual).toEqual(paths);
    });
  }

  it.each(["", "/", "a/***"])("matches nothing for %j", (pattern) => {
    expect(compileCodeownersPattern(pattern)).toBeUndefined();
  });
});

const FILE = `# Owners
*                     @acme/everyone
apps/                 @octocat
/apps/podinfo/        @acme/platform @alice
/apps/podinfo/docs/
*.md                  docs@example.com
!apps/secret          @mallory
apps/[ab]/            @mallory
apps/payments/        alice
apps/x/               @bob # inline
/dir\\ with\\ space/    @carol
`;

describe("parseCodeowners", () => {
  const parsed = parseCodeowners(".github/CODEOWNERS", FILE);

  it("keeps valid rules in order and reports invalid lines with positions", () => {
    expect(parsed.rules.map((r) => [r.line, r.pattern, r.owners.length])).toEqual([
      [2, "*", 1],
      [3, "apps/", 1],
      [4, "/apps/podinfo/", 2],
      [5, "/apps/podinfo/docs/", 0],
      [6, "*.md", 1],
      [11, "/dir with space/", 1],
    ]);
    expect(parsed.issues.map(formatSpecIssue)).toEqual([
      ".github/CODEOWNERS:7:1: !apps/secret: negation (!) is not supported in CODEOWNERS; GitHub skips this line",
      ".github/CODEOWNERS:8:1: apps/[ab]/: character ranges ([ ]) are not supported in CODEOWNERS; GitHub skips this line",
      '.github/CODEOWNERS:9:23: apps/payments/: "alice" is not an owner (owners are @user, @org/team or an e-mail address); GitHub skips this line',
      '.github/CODEOWNERS:10:28: apps/x/: "#" is not an owner (comments must be on their own line); GitHub skips this line',
    ]);
  });

  it.each<[string, string[] | undefined, number | undefined]>([
    ["apps/podinfo/canary.yaml", ["@acme/platform", "@alice"], 4],
    ["apps/podinfo/docs/guide.txt", [], 5],
    ["apps/podinfo/docs/guide.md", ["docs@example.com"], 6],
    ["apps/other/deploy.yaml", ["@octocat"], 3],
    ["README.md", ["docs@example.com"], 6],
    ["main.go", ["@acme/everyone"], 2],
    ["dir with space/x", ["@carol"], 11],
  ])("gives %s to the last matching rule", (path, owners, line) => {
    const found = ownersOf(parsed, path);
    expect(found?.owners.map((o) => (o.kind === "user" ? `@${o.login}` : o.kind === "team" ? `@${o.team}` : o.email))).toEqual(owners);
    expect(found?.rule.line).toBe(line);
  });

  it("is undefined for a path no rule matches", () => {
    expect(ownersOf(parseCodeowners("CODEOWNERS", "/apps/ @a\n"), "lib/x.ts")).toBeUndefined();
  });

  it("unions the owners of a Canary's files without repeats", () => {
    expect(ownersOfPaths(parsed, ["apps/podinfo/canary.yaml", "apps/podinfo/deployment.yaml", "apps/other/x.yaml"])).toEqual([
      "@acme/platform",
      "@alice",
      "@octocat",
    ]);
    expect(ownersOfPaths(parsed, ["apps/podinfo/docs/guide.txt"])).toEqual([]);
  });

  it("ignores a file of 3 MB or more, as GitHub does", () => {
    const big = parseCodeowners("CODEOWNERS", `* @a\n${"#".repeat(3 * 1024 * 1024)}`);
    expect(big.rules).toEqual([]);
    expect(big.issues.map(formatSpecIssue)).toEqual(["CODEOWNERS:1:1: CODEOWNERS: the file is 3 MB or larger, so GitHub ignores it"]);
  });
});

describe("selectCodeowners", () => {
  it.each<[Record<string, string>, string | undefined]>([
    [{ CODEOWNERS: "root", ".github/CODEOWNERS": "github", "docs/CODEOWNERS": "docs" }, ".github/CODEOWNERS"],
    [{ CODEOWNERS: "root", "docs/CODEOWNERS": "docs" }, "CODEOWNERS"],
    [{ "docs/CODEOWNERS": "docs" }, "docs/CODEOWNERS"],
    [{ "src/CODEOWNERS": "elsewhere" }, undefined],
  ])("picks the file GitHub uses from %j", (files, expected) => {
    const selected = selectCodeowners((path) => files[path]);
    expect(selected?.file).toBe(expected);
    if (expected !== undefined) expect(selected?.text).toBe(files[expected]);
  });
});
