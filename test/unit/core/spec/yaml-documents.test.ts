import { describe, expect, it } from "vitest";
import { formatSpecIssue } from "../../../../src/core/errors.js";
import { formatFieldPath } from "../../../../src/core/spec/field-path.js";
import { parseYamlDocuments } from "../../../../src/core/spec/yaml-documents.js";

const MULTI = `# leading comment
apiVersion: v1
kind: ConfigMap
metadata:
  name: first
---
apiVersion: flagger.app/v1beta1
kind: Canary
metadata:
  name: podinfo
spec:
  analysis:
    stepWeights: [10, 20, 30]
    match:
      - headers:
          "x-canary.io":
            exact: "1"
`;

describe("parseYamlDocuments", () => {
  const parsed = parseYamlDocuments("apps/canary.yaml", MULTI);
  const [first, second] = parsed.documents;

  it("keeps every document with its index and start", () => {
    expect(parsed.issues).toEqual([]);
    expect(parsed.documents.map((d) => [d.index, d.location.line, d.location.column])).toEqual([
      [0, 2, 1],
      [1, 7, 1],
    ]);
    expect(first?.value).toEqual({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "first" } });
  });

  it.each([
    [["spec", "analysis", "stepWeights", 2], 13, 27],
    [["spec", "analysis", "stepWeights"], 13, 5],
    [["spec", "analysis", "match", 0, "headers", "x-canary.io", "exact"], 17, 13],
    [["metadata", "name"], 10, 3],
    [[], 7, 1],
  ] as const)("locates %j at %i:%i", (path, line, column) => {
    expect(second?.locate(path)).toEqual({ file: "apps/canary.yaml", line, column });
  });

  it("locates a missing field at its deepest existing parent", () => {
    expect(second?.locate(["spec", "analysis", "interval"])).toEqual({ file: "apps/canary.yaml", line: 12, column: 3 });
    expect(second?.locate(["spec", "targetRef", "name"])).toEqual({ file: "apps/canary.yaml", line: 11, column: 1 });
    expect(second?.locate(["spec", "analysis", "stepWeights", 9])).toEqual({ file: "apps/canary.yaml", line: 13, column: 5 });
  });

  it("reports syntax errors with their position instead of throwing", () => {
    const result = parseYamlDocuments("bad.yaml", "a: 1\nb: [1, 2\n---\nc: 3\n");
    expect(result.issues.map(formatSpecIssue)).toEqual(["bad.yaml:3:1: yaml: Flow sequence in block collection must be sufficiently indented and end with a ]"]);
    expect(result.documents.map((d) => d.value)).toEqual([{ c: 3 }]);
  });

  it.each([
    ["duplicate keys", "a: 1\na: 2\n", "f.yaml:2:1: yaml: Map keys must be unique"],
    ["tabs", "a:\n\tb: 1\n", "f.yaml:2:1: yaml: Tabs are not allowed as indentation"],
    ["unclosed quote", 'a: "x\n', 'f.yaml:2:1: yaml: Missing closing "quote'],
    ["bad indentation", "a:\n  b: 1\n c: 2\n", "f.yaml:3:2: yaml: All mapping items must start at the same column"],
  ])("%s", (_name, content, expected) => {
    expect(parseYamlDocuments("f.yaml", content).issues.map(formatSpecIssue)).toEqual([expected]);
  });

  it("refuses alias bombs", () => {
    const lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 0; i < 8; i++) lines.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(", ")}]`);
    const result = parseYamlDocuments("bomb.yaml", lines.join("\n"));
    expect(result.documents).toEqual([]);
    expect(result.issues.map((i) => [i.field, i.location.line])).toEqual([["yaml", 1]]);
  });

  it("skips empty documents and comment-only files", () => {
    expect(parseYamlDocuments("e.yaml", "# nothing\n---\n---\n").documents).toEqual([]);
  });
});

describe("formatFieldPath", () => {
  it.each([
    [["spec", "analysis", "stepWeights", 2], "spec.analysis.stepWeights[2]"],
    [["spec", "service", "match", 0, "headers", "x-canary", "prefix"], "spec.service.match[0].headers.x-canary.prefix"],
    [["metadata", "labels", "app.kubernetes.io/name"], 'metadata.labels["app.kubernetes.io/name"]'],
    [[], ""],
  ] as const)("%j → %s", (path, expected) => {
    expect(formatFieldPath(path)).toBe(expected);
  });
});
