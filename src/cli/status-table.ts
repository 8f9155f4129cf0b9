/** `canary-bot status` as a table, like `kubectl get canaries`. */
import type { RolloutSummary } from "../engine/engine-api.js";
import type { Style } from "./style.js";

const HEADERS = ["REPO", "CANARY", "PHASE", "WEIGHT", "FAILED", "LAST TRANSITION"] as const;

function timestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function phaseCell(r: RolloutSummary): string {
  return r.paused ? `${r.phase} (paused)` : r.phase;
}

function weightCell(r: RolloutSummary): string {
  return r.mirrored ? `${String(r.canaryWeight)}% (mirrored)` : `${String(r.canaryWeight)}%`;
}

function colourPhase(text: string, r: RolloutSummary, style: Style): string {
  if (r.phase === "Failed") return style.red(text);
  if (r.phase === "Succeeded") return style.green(text);
  if (r.paused || r.phase === "Waiting" || r.phase === "WaitingPromotion") return style.yellow(text);
  return text;
}

/** Sorted by repository, then Canary. */
export function statusTable(rollouts: readonly RolloutSummary[], style: Style): string[] {
  if (rollouts.length === 0) return ["No rollouts."];
  const sorted = [...rollouts].sort((a, b) => a.repo.localeCompare(b.repo) || a.canary.localeCompare(b.canary));
  const rows = sorted.map((r) => [r.repo, r.canary, phaseCell(r), weightCell(r), String(r.failedChecks), timestamp(r.lastTransitionAt)]);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: readonly string[], colour: (cell: string, i: number) => string): string =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? colour(cell, i) : colour(cell.padEnd(widths[i] ?? 0), i)))
      .join("   ")
      .trimEnd();
  return [
    line(HEADERS, (cell) => style.bold(cell)),
    ...rows.map((row, n) => {
      const r = sorted[n];
      return line(row, (cell, i) => (i === 2 && r !== undefined ? colourPhase(cell, r, style) : cell));
    }),
  ];
}
