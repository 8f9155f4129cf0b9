import { describe, expect, it } from "vitest";
import { applyEdits } from "../../../../src/core/gitops/yaml/text-edits.js";
import { parseYamlFile } from "../../../../src/core/gitops/yaml/yaml-file.js";
import { syncDocument } from "../../../../src/core/gitops/yaml/yaml-sync.js";
import { yamlOf } from "./fixtures.js";

function sync(text: string, edit: (json: any) => void): string {
  const parsed = parseYamlFile("f.yaml", text);
  if ("error" in parsed) throw new Error(parsed.error.message);
  const doc = parsed.file.docs[0]!;
  const desired = structuredClone(doc.json);
  edit(desired);
  const ctx = { text, style: parsed.file.style, edits: [] };
  expect(syncDocument(ctx, doc.doc.contents, desired)).toBe(true);
  const out = applyEdits(text, ctx.edits);
  if (typeof out !== "string") throw new Error("overlap");
  expect(yamlOf(out)).toEqual(desired);
  return out;
}

describe("syncDocument", () => {
  it("rewrites scalars in place, keeping quoting and trailing comments", () => {
    const text = "a: 'x' # one\nb: \"y\"\nc: 1 # n\n";
    expect(sync(text, (j) => Object.assign(j, { a: "z", b: "w", c: 2 }))).toBe("a: 'z' # one\nb: \"w\"\nc: 2 # n\n");
  });

  it("keeps a number-looking string a string", () => {
    expect(sync("v: abc\n", (j) => (j.v = "10"))).toBe('v: "10"\n');
  });

  it("inserts missing keys after their predecessor and deletes removed ones", () => {
    const text = "# head\nx:\n  a: 1\n  c: 3 # c\n  d: 4\n";
    expect(sync(text, (j) => (j.x = { a: 1, b: 2, c: 3 }))).toBe("# head\nx:\n  a: 1\n  b: 2\n  c: 3 # c\n");
  });

  it("follows the file's sequence indentation when adding items and blocks", () => {
    const text = "list:\n- a\n- b\nmap:\n  k: v\n";
    expect(sync(text, (j) => {
      j.list.push("c");
      j.map.n = ["x", "y"];
    })).toBe("list:\n- a\n- b\n- c\nmap:\n  k: v\n  n:\n  - x\n  - y\n");
  });

  it("turns an empty flow collection into a block and edits flow ones in place or in flow style", () => {
    const text = "a: []\nb: [1, 2]\nc: {}\nd: {x: 1, y: 'q'}\ne: {x: 1}\n";
    expect(sync(text, (j) => Object.assign(j, { a: [{ k: 1 }], b: [1, 3], c: { z: true }, d: { x: 2, y: "r" }, e: { x: 1, w: 2 } }))).toBe(
      "a:\n  - k: 1\nb: [1, 3]\nc:\n  z: true\nd: {x: 2, y: 'r'}\ne: { x: 1, w: 2 }\n",
    );
  });

  it("removes sequence items and keeps comments between the others", () => {
    const text = "s:\n  - 1\n  # keep\n  - 2\n  - 3\n";
    expect(sync(text, (j) => (j.s = [1, 2]))).toBe("s:\n  - 1\n  # keep\n  - 2\n");
  });

  it("re-renders a sequence item whose first key must go", () => {
    const text = "s:\n  - a: 1 # gone\n    b: 2\n";
    expect(sync(text, (j) => (j.s = [{ b: 3 }]))).toBe("s:\n  - b: 3\n");
  });

  it("leaves a file without a trailing newline valid", () => {
    expect(sync("s:\n  - 1", (j) => j.s.push(2))).toBe("s:\n  - 1\n  - 2\n");
  });
});
