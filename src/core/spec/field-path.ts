/** A path to a field inside a manifest: `["spec", "analysis", "stepWeights", 2]`. */
export type FieldPath = readonly (string | number)[];

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/**
 * `spec.analysis.stepWeights[2]`, as issues name fields. Map keys that would read ambiguously
 * (dots, slashes, spaces: header names, annotation keys) are quoted: `labels["app.kubernetes.io/name"]`.
 */
export function formatFieldPath(path: FieldPath): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${String(segment)}]`;
    else if (PLAIN_KEY.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** The value at `path` in YAML-loaded data, or undefined when the path does not exist. */
export function valueAt(root: unknown, path: FieldPath): unknown {
  let node = root;
  for (const segment of path) {
    if (Array.isArray(node) && typeof segment === "number") node = node[segment] as unknown;
    else if (typeof node === "object" && node !== null && !Array.isArray(node)) node = (node as Record<string, unknown>)[String(segment)];
    else return undefined;
  }
  return node;
}
