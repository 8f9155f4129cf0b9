/** Small formatting helpers shared by the markdown renderers. */

export function utcTime(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(11, 19);
}

export function utcDateTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace("T", " ").slice(0, 19) + " UTC";
}

/** A value as people read it: up to 3 significant decimals, no trailing zeros. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  const decimals = abs >= 100 ? 1 : abs >= 1 ? 2 : 3;
  return Number(value.toFixed(decimals)).toString();
}

export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return m > 0 ? `${String(h)}h ${String(m)}m` : `${String(h)}h`;
  if (m > 0) return s > 0 ? `${String(m)}m ${String(s)}s` : `${String(m)}m`;
  return `${String(s)} s`;
}

/** `██████░░░░░░░░░░░░░░` for a percentage, 20 cells. */
export function progressBar(percent: number, width = 20): string {
  const filled = Math.max(0, Math.min(width, Math.round((percent / 100) * width)));
  return "█".repeat(filled) + "░".repeat(width - filled);
}

/** Escapes text placed inside a markdown table cell. */
export function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** Escapes text placed inside an HTML attribute. */
export function attr(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}
