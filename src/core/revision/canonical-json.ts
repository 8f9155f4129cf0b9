/**
 * A stable text form of YAML-loaded data: keys sorted, and `null`, empty maps and empty lists
 * dropped, because the API server stores a field set to null or to an empty value the same way
 * as a missing one (omitempty). Equal objects give equal text whatever the key order, comments
 * or quoting of the file they came from.
 */
function normalise(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) {
    const items = value.map((item) => normalise(item) ?? null);
    return items.length === 0 ? undefined : items;
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .map(([key, v]) => [key, normalise(v)] as const)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return entries.length === 0 ? undefined : Object.fromEntries(entries);
  }
  return value;
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value) ?? null);
}
