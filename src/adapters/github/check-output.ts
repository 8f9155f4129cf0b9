import { InvariantError } from "../../core/errors.js";
import { CHECK_OUTPUT_LIMIT } from "../../core/render/check-run.js";
import type { CheckAction } from "../../ports/checks.js";

/** Annotations GitHub accepts per request; more go in further updates. */
export const ANNOTATIONS_PER_REQUEST = 50;
export const MAX_ACTIONS = 3;
const ACTION_LIMITS = { label: 20, description: 40, identifier: 20 } as const;

const encoder = new TextEncoder();

// GitHub documents the `summary` and `text` limit in characters; reports of byte-based cut-offs
// make us count UTF-8 bytes against CHECK_OUTPUT_LIMIT, which is never more permissive.
export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

const CUT_NOTE = "\n\n_(cut to fit GitHub's 65,535-character limit)_";

/** `text` within `limit` UTF-8 bytes, cut at a character boundary with a note saying so. */
export function cutToLimit(text: string, limit: number = CHECK_OUTPUT_LIMIT): string {
  if (utf8Length(text) <= limit) return text;
  const budget = limit - utf8Length(CUT_NOTE);
  let used = 0;
  let end = 0;
  for (const char of text) {
    const size = utf8Length(char);
    if (used + size > budget) break;
    used += size;
    end += char.length;
  }
  return text.slice(0, end) + CUT_NOTE;
}

/** The summary to send: as given if it fits, else the caller's shorter fallback, else cut. */
export function fitSummary(summary: string, fallback: string | undefined, limit: number = CHECK_OUTPUT_LIMIT): string {
  if (utf8Length(summary) <= limit) return summary;
  return cutToLimit(fallback ?? summary, limit);
}

/** GitHub rejects a whole request for one bad button; refuse before sending, naming it. */
export function checkActions(actions: readonly CheckAction[]): void {
  if (actions.length > MAX_ACTIONS) {
    throw new InvariantError(`check run actions: ${String(actions.length)} given, GitHub allows at most ${String(MAX_ACTIONS)}`);
  }
  const identifiers = new Set<string>();
  for (const [index, action] of actions.entries()) {
    for (const field of ["label", "description", "identifier"] as const) {
      const value = action[field];
      if (value.length === 0 || value.length > ACTION_LIMITS[field]) {
        throw new InvariantError(
          `check run actions[${String(index)}].${field}: "${value}" has ${String(value.length)} characters, GitHub allows 1 to ${String(ACTION_LIMITS[field])}`,
        );
      }
    }
    if (identifiers.has(action.identifier)) {
      throw new InvariantError(`check run actions[${String(index)}].identifier: "${action.identifier}" is used twice`);
    }
    identifiers.add(action.identifier);
  }
}
