/**
 * Durations as Flagger reads them: the CRD pattern `^[0-9]+(m|s)` (a prefix check, so `1m30s`
 * and `500ms` pass) followed by Go's `time.ParseDuration`.
 */

const NUMBER_AND_UNIT = String.raw`(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:ns|us|µs|μs|ms|s|m|h)`;

/** Go `time.ParseDuration` syntax: `1h30m`, `1.5s`, `300ms`, `0`. */
export const GO_DURATION = new RegExp(String.raw`^[-+]?(?:0|(?:${NUMBER_AND_UNIT})+)$`);

/**
 * Flagger's CRD pattern and Go syntax together. Flagger checks only the prefix and falls back to
 * a default when Go cannot parse the rest (`10sec` → 60s); we reject such values instead.
 */
export const FLAGGER_DURATION = new RegExp(String.raw`^(?=[0-9]+(?:m|s))(?:${NUMBER_AND_UNIT})+$`);

/** Gateway API `Duration` (GEP-2257), what HTTPRoute `timeouts` accept. */
export const GATEWAY_DURATION = /^(?:[0-9]{1,5}(?:h|m|s|ms)){1,4}$/;

const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  "µs": 1e-3,
  "μs": 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Milliseconds of a Go duration string, or undefined when Go would not parse it. */
export function parseGoDuration(text: string): number | undefined {
  if (!GO_DURATION.test(text)) return undefined;
  const sign = text.startsWith("-") ? -1 : 1;
  const body = text.replace(/^[-+]/, "");
  if (body === "0") return 0;
  let total = 0;
  for (const part of body.matchAll(/([0-9]*\.?[0-9]*)(ns|us|µs|μs|ms|s|m|h)/g)) {
    const [, amount = "", unit = ""] = part;
    total += Number(amount) * (UNIT_MS[unit] ?? 0);
  }
  return sign * total;
}
