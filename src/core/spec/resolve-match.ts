import type { HttpMatchRequest, StringMatch } from "./model.js";
import type { HttpMatchManifest, StringMatchManifest } from "./manifest-common.js";

function stringMatch(m: StringMatchManifest): StringMatch {
  return {
    ...(m.exact === undefined ? {} : { exact: m.exact }),
    ...(m.prefix === undefined ? {} : { prefix: m.prefix }),
    ...(m.suffix === undefined ? {} : { suffix: m.suffix }),
    ...(m.regex === undefined ? {} : { regex: m.regex }),
  };
}

function stringMatches(entries: Readonly<Record<string, StringMatchManifest>>): Record<string, StringMatch> {
  return Object.fromEntries(Object.entries(entries).map(([name, m]) => [name, stringMatch(m)]));
}

function hasEntries(value: Readonly<Record<string, unknown>> | readonly unknown[] | undefined): boolean {
  return value !== undefined && Object.keys(value).length > 0;
}

/**
 * Istio-shaped match as written → the model's `HttpMatchRequest`. Conditions Flagger's Gateway
 * API router drops (`scheme`, `withoutHeaders`, …) are listed in `ignored`, in the order of the
 * match's fields, so validation can name each one.
 */
export function resolveMatch(m: HttpMatchManifest): HttpMatchRequest {
  const ignored: string[] = [];
  if (m.scheme !== undefined) ignored.push("scheme");
  if (m.authority !== undefined) ignored.push("authority");
  if (hasEntries(m.withoutHeaders)) ignored.push("withoutHeaders");
  if (m.port !== undefined) ignored.push("port");
  if (hasEntries(m.sourceLabels)) ignored.push("sourceLabels");
  if (hasEntries(m.gateways)) ignored.push("gateways");
  if (m.ignoreUriCase === true) ignored.push("ignoreUriCase");
  if (m.sourceNamespace !== undefined) ignored.push("sourceNamespace");
  return {
    ...(m.name === undefined ? {} : { name: m.name }),
    ...(m.uri === undefined ? {} : { uri: stringMatch(m.uri) }),
    ...(m.method === undefined ? {} : { method: stringMatch(m.method) }),
    ...(m.headers === undefined ? {} : { headers: stringMatches(m.headers) }),
    ...(m.queryParams === undefined ? {} : { queryParams: stringMatches(m.queryParams) }),
    ...(ignored.length === 0 ? {} : { ignored }),
  };
}
