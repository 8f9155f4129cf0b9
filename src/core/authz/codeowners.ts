/**
 * CODEOWNERS as GitHub reads it: the first of `.github/CODEOWNERS`, `CODEOWNERS`,
 * `docs/CODEOWNERS` on the base branch; one rule per line (`pattern owner…`); the last rule that
 * matches a path decides its owners, and a rule without owners clears them. A line GitHub
 * considers invalid is skipped (and reported here, with its position); the rest still applies.
 */
import type { SpecIssue } from "../errors.js";
import { compileCodeownersPattern, type PatternMatcher } from "./codeowners-pattern.js";
import { formatOwner, parseOwner, type Owner } from "./owner.js";

/** Where GitHub looks, in order; the first file found is the one used. */
export const CODEOWNERS_PATHS = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"] as const;

/** GitHub ignores a CODEOWNERS file of 3 MB or more. */
export const CODEOWNERS_MAX_BYTES = 3 * 1024 * 1024;

export interface CodeownersRule {
  readonly pattern: string;
  readonly owners: readonly Owner[];
  /** 1-based line in the file. */
  readonly line: number;
  readonly matches: PatternMatcher;
}

export interface Codeowners {
  readonly file: string;
  readonly rules: readonly CodeownersRule[];
  readonly issues: readonly SpecIssue[];
}

/** The file GitHub would use, given a lookup of file contents (undefined: no such file). */
export function selectCodeowners(read: (path: string) => string | undefined): { readonly file: string; readonly text: string } | undefined {
  for (const file of CODEOWNERS_PATHS) {
    const text = read(file);
    if (text !== undefined) return { file, text };
  }
  return undefined;
}

/** Splits on unescaped whitespace; `\ ` keeps a space inside a pattern. */
function tokens(line: string): string[] {
  const out: string[] = [];
  let current = "";
  for (let i = 0; i < line.length; i++) {
    const char = line.charAt(i);
    if (char === "\\" && line.charAt(i + 1) === " ") {
      current += " ";
      i++;
    } else if (/\s/.test(char)) {
      if (current !== "") out.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  if (current !== "") out.push(current);
  return out;
}

function unsupported(pattern: string): string | undefined {
  if (pattern.startsWith("!")) return "negation (!) is not supported in CODEOWNERS";
  if (pattern.startsWith("\\#")) return "escaping a leading # is not supported in CODEOWNERS";
  if (/[[\]]/.test(pattern)) return "character ranges ([ ]) are not supported in CODEOWNERS";
  if (pattern.includes("***")) return "*** is not a valid pattern";
  return undefined;
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

export function parseCodeowners(file: string, text: string): Codeowners {
  const issues: SpecIssue[] = [];
  const issue = (line: number, column: number, field: string, message: string): void => {
    issues.push({ location: { file, line, column }, field, message, severity: "error" });
  };
  if (byteLength(text) >= CODEOWNERS_MAX_BYTES) {
    issue(1, 1, "CODEOWNERS", "the file is 3 MB or larger, so GitHub ignores it");
    return { file, rules: [], issues };
  }
  const rules: CodeownersRule[] = [];
  for (const [index, raw] of text.split(/\r\n|\r|\n/).entries()) {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const column = raw.indexOf(trimmed.charAt(0)) + 1;
    const [pattern = "", ...ownerTexts] = tokens(trimmed);
    const problem = unsupported(pattern);
    if (problem !== undefined) {
      issue(line, column, pattern, `${problem}; GitHub skips this line`);
      continue;
    }
    const matches = compileCodeownersPattern(pattern);
    if (matches === undefined) {
      issue(line, column, pattern, "this pattern matches nothing; GitHub skips this line (did you mean *?)");
      continue;
    }
    const owners: Owner[] = [];
    let bad: string | undefined;
    for (const ownerText of ownerTexts) {
      const owner = parseOwner(ownerText);
      if (owner === undefined) {
        bad = ownerText;
        break;
      }
      owners.push(owner);
    }
    if (bad !== undefined) {
      const at = raw.indexOf(bad) + 1;
      const hint = bad.startsWith("#") ? "comments must be on their own line" : "owners are @user, @org/team or an e-mail address";
      issue(line, at, pattern, `"${bad}" is not an owner (${hint}); GitHub skips this line`);
      continue;
    }
    rules.push({ pattern, owners, line, matches });
  }
  return { file, rules, issues };
}

export interface PathOwners {
  readonly owners: readonly Owner[];
  /** The rule that decided: the last one matching. */
  readonly rule: CodeownersRule;
}

/** The owners of one repository path; undefined when no rule matches it. */
export function ownersOf(codeowners: Pick<Codeowners, "rules">, path: string): PathOwners | undefined {
  for (let i = codeowners.rules.length - 1; i >= 0; i--) {
    const rule = codeowners.rules[i];
    if (rule?.matches(path)) return { owners: rule.owners, rule };
  }
  return undefined;
}

/**
 * Everyone who owns at least one of `paths` (a Canary's files: the Canary spec and its target),
 * as CODEOWNERS writes them (`@alice`, `@acme/platform`, `ops@example.com`), without repeats.
 */
export function ownersOfPaths(codeowners: Pick<Codeowners, "rules">, paths: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const path of paths) {
    for (const owner of ownersOf(codeowners, path)?.owners ?? []) {
      const text = formatOwner(owner);
      if (!seen.has(text.toLowerCase())) seen.set(text.toLowerCase(), text);
    }
  }
  return [...seen.values()];
}
