/**
 * CODEOWNERS patterns: gitignore-like, with GitHub's differences. A pattern without a slash
 * (other than a trailing one) matches at any depth; one with a slash is anchored at the root; a
 * trailing slash matches everything inside a directory; a pattern otherwise matches the path
 * itself and everything under it, except that a last segment of exactly `*` matches only direct
 * children (`docs/*` owns `docs/a.md`, not `docs/build/b.md`, as GitHub documents). `*` and `?`
 * never cross `/`; `**` spans directories. `!` negation, `[ ]` ranges and `\#` escapes are not
 * supported by GitHub and are reported by the parser, not matched.
 */

export type PatternMatcher = (path: string) => boolean;

function escapeRegex(char: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(char) ? `\\${char}` : char;
}

/** One path segment of a pattern (not `*` or `**` alone) as a regex fragment. */
function segmentRegex(segment: string): string {
  let out = "";
  let escaped = false;
  for (const char of segment) {
    if (escaped) {
      out += escapeRegex(char);
      escaped = false;
    } else if (char === "\\") {
      escaped = true;
    } else if (char === "*") {
      out += "[^/]*";
    } else if (char === "?") {
      out += "[^/]";
    } else {
      out += escapeRegex(char);
    }
  }
  return out;
}

/** The matcher for one pattern; undefined when the pattern cannot match anything (`/`, empty, `***`). */
export function compileCodeownersPattern(pattern: string): PatternMatcher | undefined {
  if (pattern === "" || pattern === "/" || pattern.includes("***")) return undefined;
  let segments = pattern.split("/");
  if (segments[0] === "") {
    segments = segments.slice(1);
  } else if ((segments.length === 1 || (segments.length === 2 && segments[1] === "")) && segments[0] !== "**") {
    segments = ["**", ...segments];
  }
  if (segments.length > 1 && segments[segments.length - 1] === "") segments[segments.length - 1] = "**";

  const last = segments.length - 1;
  let regex = "^";
  let needSlash = false;
  for (const [i, segment] of segments.entries()) {
    if (segment === "**") {
      if (i === 0 && i === last) regex += ".+";
      else if (i === 0) regex += "(?:.+/)?";
      else if (i === last) regex += "/.*";
      else regex += "(?:/.+)?";
      needSlash = i !== 0 && i !== last;
      continue;
    }
    if (needSlash) regex += "/";
    if (segment === "*") {
      regex += "[^/]+";
    } else {
      regex += segmentRegex(segment);
      if (i === last) regex += "(?:/.*)?";
    }
    needSlash = true;
  }
  const compiled = new RegExp(`${regex}$`);
  return (path) => compiled.test(path.replace(/^\/+/, ""));
}
