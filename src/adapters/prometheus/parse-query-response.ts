/**
 * Reads a Prometheus `/api/v1/query` answer as Flagger does (`providers/prometheus.go`):
 * - a vector gives the value of its **last** series (Flagger overwrites in a loop), an empty
 *   vector is no data;
 * - a scalar gives its value;
 * - `NaN` is no data (Flagger's `ErrNoValuesFound`), `+Inf`/`-Inf` are values;
 * - a matrix (a range vector, e.g. a query without `rate()`) or a string is an error.
 */
import type { MetricValue } from "../../ports/metrics-provider.js";

/** At most `max` characters of `text` on one line, for messages. */
export function snippet(text: string, max = 200): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

const DECIMAL = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

/** A sample value as Prometheus formats it (Go `strconv.FormatFloat`): `1.5`, `NaN`, `+Inf`. */
export function parseSampleValue(text: unknown): MetricValue {
  if (typeof text !== "string") return { kind: "error", reason: `the sample value ${JSON.stringify(text)} is not a string` };
  if (/^nan$/i.test(text)) return { kind: "no-data", reason: "the query returned NaN" };
  if (/^\+?inf(inity)?$/i.test(text)) return { kind: "value", value: Number.POSITIVE_INFINITY };
  if (/^-inf(inity)?$/i.test(text)) return { kind: "value", value: Number.NEGATIVE_INFINITY };
  if (!DECIMAL.test(text)) return { kind: "error", reason: `cannot read the sample value ${JSON.stringify(text)}` };
  return { kind: "value", value: Number(text) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `[<time>, "<value>"]` → its value. */
function sampleOf(pair: unknown): MetricValue {
  if (!Array.isArray(pair) || pair.length !== 2) {
    return { kind: "error", reason: `unexpected sample ${snippet(JSON.stringify(pair))}` };
  }
  return parseSampleValue(pair[1]);
}

/** The error Prometheus put in a failed answer (`bad_data: 1:5: parse error: …`), else a snippet of the body. */
export function prometheusErrorMessage(body: string): string {
  try {
    const json: unknown = JSON.parse(body);
    if (isRecord(json) && typeof json.error === "string") {
      return typeof json.errorType === "string" ? `${json.errorType}: ${json.error}` : json.error;
    }
  } catch {
    // Not JSON: a proxy's error page, for instance; show the text.
  }
  return snippet(body) || "(empty body)";
}

/** The value of a successful (HTTP < 400) answer. */
export function parseQueryResponse(body: string, contentType: string): MetricValue {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    const type = contentType ? ` (${contentType})` : "";
    return { kind: "error", reason: `the answer is not JSON${type}: ${snippet(body) || "(empty body)"}` };
  }
  if (!isRecord(json)) return { kind: "error", reason: `unexpected answer: ${snippet(body)}` };
  if (json.status !== "success") {
    if (json.status === "error") return { kind: "error", reason: prometheusErrorMessage(body) };
    return { kind: "error", reason: `unexpected answer: ${snippet(body)}` };
  }
  const data = json.data;
  if (!isRecord(data)) return { kind: "error", reason: `the answer has no data: ${snippet(body)}` };
  switch (data.resultType) {
    case "vector": {
      const result = data.result;
      if (!Array.isArray(result)) return { kind: "error", reason: `the vector has no result: ${snippet(body)}` };
      const last: unknown = result[result.length - 1];
      if (last === undefined) return { kind: "no-data", reason: "the query returned no data" };
      if (!isRecord(last)) return { kind: "error", reason: `unexpected series ${snippet(JSON.stringify(last))}` };
      return sampleOf(last.value);
    }
    case "scalar":
      return sampleOf(data.result);
    case "matrix":
      return {
        kind: "error",
        reason: "query returned multiple values: the result is a range vector; aggregate it to one instant value (e.g. sum(rate(…[1m])))",
      };
    case "string":
      return { kind: "error", reason: "the query returned a string, not a number" };
    default:
      return { kind: "error", reason: `unexpected result type ${JSON.stringify(data.resultType)}` };
  }
}
