/**
 * The Go template builtins a query might reasonably use: `print`, `printf`, `println`, `index`,
 * `len` and `urlquery`. The other Go builtins (comparisons, boolean logic, `html`, `js`,
 * `slice`, `call`) only make sense with control actions, which query templates do not support;
 * they are named in a clear error instead of "not defined".
 */
import { lookupKey, printValue, type FunctionTable, type TemplateValue } from "./go-template-exec.js";
import { TemplateError } from "./template-error.js";

export const UNSUPPORTED_GO_BUILTINS: ReadonlySet<string> = new Set([
  "and",
  "call",
  "eq",
  "ge",
  "gt",
  "html",
  "js",
  "le",
  "lt",
  "ne",
  "not",
  "or",
  "slice",
]);

/** `fmt.Sprint`: spaces between operands when neither side is a string. */
function sprint(args: readonly TemplateValue[]): string {
  let out = "";
  args.forEach((arg, i) => {
    const previous = args[i - 1];
    if (i > 0 && typeof arg !== "string" && typeof previous !== "string") out += " ";
    out += printValue(arg);
  });
  return out;
}

function goQuote(text: string): string {
  return JSON.stringify(text);
}

/** `fmt.Sprintf` for the verbs `%s %v %d %q %%`, with Go's `%!verb(type=value)` for mismatches. */
function sprintf(format: string, args: readonly TemplateValue[], offset: number): string {
  let next = 0;
  const out = format.replace(/%([^a-zA-Z%]*)([a-zA-Z%])/g, (whole, flags: string, verb: string) => {
    if (verb === "%" && flags === "") return "%";
    if (flags !== "" || !"svdq".includes(verb)) {
      throw new TemplateError(`printf: ${whole} is not supported in query templates (use %s, %v, %d, %q)`, offset);
    }
    const arg = args[next++];
    if (arg === undefined) return `%!${verb}(MISSING)`;
    const type = typeof arg === "object" ? "map[string]string" : typeof arg === "number" ? "int" : typeof arg;
    switch (verb) {
      case "d":
        return typeof arg === "number" ? String(arg) : `%!d(${type}=${printValue(arg)})`;
      case "q":
        return typeof arg === "string" ? goQuote(arg) : `%!q(${type}=${printValue(arg)})`;
      default:
        return printValue(arg);
    }
  });
  const extra = args.slice(next);
  if (extra.length === 0) return out;
  const described = extra.map((arg) => `${typeof arg === "number" ? "int" : typeof arg === "object" ? "map[string]string" : typeof arg}=${printValue(arg)}`);
  return `${out}%!(EXTRA ${described.join(", ")})`;
}

/** Go's `url.QueryEscape`. */
function queryEscape(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (ch) => `%${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+");
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

export const GO_BUILTINS: FunctionTable = {
  print: { call: (args) => sprint(args) },
  println: { call: (args) => `${args.map(printValue).join(" ")}\n` },
  printf: {
    call: (args, offset) => {
      const [format, ...rest] = args;
      if (typeof format !== "string") {
        throw new TemplateError("printf: the first argument must be a format string", offset);
      }
      return sprintf(format, rest, offset);
    },
  },
  /**
   * `index map "key"`. Go returns "" for a missing key even with `missingkey=error`; an empty
   * label value silently changes what a PromQL selector matches, so a missing key is an error.
   */
  index: {
    call: (args, offset) => {
      const [item, ...keys] = args;
      if (item === undefined) throw new TemplateError("wrong number of args for index: want at least 1 got 0", offset);
      let current: TemplateValue = item;
      for (const key of keys) {
        if (typeof current !== "object") {
          throw new TemplateError(`can't index item of type ${typeof current === "number" ? "int" : typeof current}`, offset);
        }
        if (typeof key !== "string") throw new TemplateError("index of a map needs a string key", offset);
        current = lookupKey(current, key, offset);
      }
      return current;
    },
  },
  len: {
    arity: 1,
    call: (args, offset) => {
      const [item] = args;
      if (typeof item === "string") return utf8Length(item);
      if (typeof item === "object") return Object.keys(item.entries).length;
      throw new TemplateError(`len of type ${typeof item === "number" ? "int" : "bool"}`, offset);
    },
  },
  urlquery: {
    call: (args) => queryEscape(args.length === 1 && typeof args[0] === "string" ? args[0] : sprint(args)),
  },
};
