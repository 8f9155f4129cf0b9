/**
 * JSON text exactly as Go's `encoding/json.Marshal` writes it for the values we send (objects
 * built in struct-field order, string maps with sorted keys): Go additionally escapes `<`, `>`,
 * `&`, U+2028 and U+2029. Receivers parse JSON either way; matching the bytes keeps payloads
 * identical to Flagger's for anyone who signs, hashes or diffs them.
 *
 * Those characters can only occur inside JSON strings, so replacing them in the serialised text
 * never touches structure.
 */
const GO_ESCAPES: Readonly<Record<string, string>> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

export function marshalJson(value: unknown): string {
  const text = JSON.stringify(value);
  return text.replace(/[<>&\u2028\u2029]/g, (ch) => GO_ESCAPES[ch] ?? ch);
}

/** A string map with its keys in byte order, as Go marshals `map[string]string`. */
export function sortedRecord(record: Readonly<Record<string, string>>): Record<string, string> {
  // fromEntries defines own properties, so a `__proto__` key stays a key.
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareBytes(a, b)));
}

const utf8 = new TextEncoder();

/** Go sorts map keys by their UTF-8 bytes, which is not what `localeCompare` or `<` on UTF-16 do. */
function compareBytes(a: string, b: string): number {
  const x = utf8.encode(a);
  const y = utf8.encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const diff = (x[i] ?? 0) - (y[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return x.length - y.length;
}
