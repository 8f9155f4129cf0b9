import type { CommitInfo } from "../ports/repository.js";

/** Trailer that marks a commit as the bot's and carries the plan that made it (crash recovery). */
export const PLAN_TRAILER = "Canary-Plan";

/** Trailers of a commit message: `Key: value` lines of its last paragraph. */
export function parseTrailers(message: string): Readonly<Record<string, string>> {
  const paragraphs = message.trimEnd().split(/\n\s*\n/);
  const last = paragraphs.length > 1 ? (paragraphs.at(-1) ?? "") : "";
  const trailers: Record<string, string> = {};
  for (const line of last.split("\n")) {
    const match = /^([A-Za-z][A-Za-z0-9-]*):\s*(.*)$/.exec(line.trim());
    if (match?.[1] !== undefined) trailers[match[1]] = match[2] ?? "";
  }
  return trailers;
}

/** A commit canary-bot made: its own author and a `Canary:` trailer. Such commits start nothing. */
export function isBotCommit(commit: CommitInfo, botLogin: string): boolean {
  const trailers = parseTrailers(commit.message);
  if (trailers.Canary === undefined) return false;
  return commit.authorLogin === undefined || commit.authorLogin === botLogin || commit.authorLogin.endsWith("[bot]");
}

/** Subject, blank line, trailers (GitHub's `skip-checks` keeps CI from running on every step). */
export function formatCommitMessage(subject: string, trailers: Readonly<Record<string, string>>): string {
  const lines = Object.entries(trailers).map(([k, v]) => `${k}: ${v}`);
  return `${subject}\n\n${lines.join("\n")}\nskip-checks: true\n`;
}
