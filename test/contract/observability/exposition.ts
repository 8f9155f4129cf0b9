/** Reading `/metrics` output in tests: parsed with parse-prometheus-text-format, values as numbers. */
import parsePrometheusTextFormat, { type ParsedFamily } from "parse-prometheus-text-format";

export interface Sample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

function labelKey(labels: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export class Exposition {
  readonly text: string;
  readonly families: readonly ParsedFamily[];

  constructor(text: string) {
    this.text = text;
    this.families = parsePrometheusTextFormat(text);
  }

  family(name: string): ParsedFamily {
    const family = this.families.find((f) => f.name === name);
    if (family === undefined) throw new Error(`no metric family ${name} in:\n${this.text}`);
    return family;
  }

  /** Every sample of a gauge or counter family, sorted by labels for stable comparison. */
  samples(name: string): Sample[] {
    return this.family(name)
      .metrics.map((m) => ({ labels: m.labels ?? {}, value: Number(m.value) }))
      .sort((a, b) => (labelKey(a.labels) < labelKey(b.labels) ? -1 : labelKey(a.labels) > labelKey(b.labels) ? 1 : 0));
  }

  /** The value of the one sample with exactly these labels; undefined when there is none. */
  value(name: string, labels: Readonly<Record<string, string>> = {}): number | undefined {
    return this.samples(name).find((s) => labelKey(s.labels) === labelKey(labels))?.value;
  }

  /**
   * A sample line read from the text itself, for what the parser loses (labels, `_sum` and
   * `_count` of labelled histograms): `line("x_count", 'name="a"')`.
   */
  line(series: string, labels = ""): number | undefined {
    const prefix = labels === "" ? `${series} ` : `${series}{${labels}} `;
    const line = this.text.split("\n").find((l) => l.startsWith(prefix));
    return line === undefined ? undefined : Number(line.slice(prefix.length));
  }
}
