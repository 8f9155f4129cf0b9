/**
 * Synthetic Prometheus history as OpenMetrics text, for `promtool tsdb create-blocks-from
 * openmetrics`. Series grow linearly (a constant rate per second), so `rate()` over any window
 * that spans samples gives the configured rate exactly.
 *
 * The format rules promtool enforces: the text ends with `# EOF`; a counter family is declared
 * without `_total` while its samples carry it; a family's lines are contiguous; each series'
 * timestamps (seconds) increase; histograms have cumulative `_bucket{le}` series including
 * `+Inf`, plus `_count` and `_sum`.
 */

export interface Timeline {
  /** Unix seconds of the first sample. */
  readonly start: number;
  /** Seconds between samples. */
  readonly step: number;
  readonly points: number;
}

export type Labels = Readonly<Record<string, string>>;

export interface CounterSeries {
  readonly labels: Labels;
  readonly perSecond: number;
}

export interface HistogramSeries {
  readonly labels: Labels;
  /** Cumulative observations per second at or below each bound; the last is the total (`+Inf`). */
  readonly cumulativePerSecond: readonly number[];
  readonly sumPerSecond: number;
}

export type Family =
  | { readonly type: "counter"; readonly name: string; readonly series: readonly CounterSeries[] }
  | {
      readonly type: "histogram";
      readonly name: string;
      /** Finite upper bounds; `+Inf` is added. */
      readonly bounds: readonly number[];
      readonly series: readonly HistogramSeries[];
    };

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function labelText(labels: Labels): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return pairs.length ? `{${pairs.join(",")}}` : "";
}

function timestamps(timeline: Timeline): number[] {
  return Array.from({ length: timeline.points }, (_, i) => timeline.start + i * timeline.step);
}

function seriesLines(name: string, labels: Labels, timeline: Timeline, perSecond: number): string[] {
  return timestamps(timeline).map((ts) => `${name}${labelText(labels)} ${String(perSecond * (ts - timeline.start))} ${String(ts)}`);
}

function familyLines(family: Family, timeline: Timeline): string[] {
  switch (family.type) {
    case "counter":
      return [
        `# TYPE ${family.name} counter`,
        ...family.series.flatMap((s) => seriesLines(`${family.name}_total`, s.labels, timeline, s.perSecond)),
      ];
    case "histogram": {
      const bounds = [...family.bounds.map(String), "+Inf"];
      return [
        `# TYPE ${family.name} histogram`,
        ...family.series.flatMap((s) => {
          if (s.cumulativePerSecond.length !== bounds.length) {
            throw new Error(`${family.name}: ${String(bounds.length)} cumulative rates needed, got ${String(s.cumulativePerSecond.length)}`);
          }
          const total = s.cumulativePerSecond[s.cumulativePerSecond.length - 1] ?? 0;
          return [
            ...bounds.flatMap((le, i) =>
              seriesLines(`${family.name}_bucket`, { ...s.labels, le }, timeline, s.cumulativePerSecond[i] ?? 0),
            ),
            ...seriesLines(`${family.name}_count`, s.labels, timeline, total),
            ...seriesLines(`${family.name}_sum`, s.labels, timeline, s.sumPerSecond),
          ];
        }),
      ];
    }
  }
}

export function openMetricsHistory(timeline: Timeline, families: readonly Family[]): string {
  return [...families.flatMap((f) => familyLines(f, timeline)), "# EOF", ""].join("\n");
}
