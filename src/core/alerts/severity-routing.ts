import type { Severity } from "../spec/model.js";

/**
 * Whether a Canary alert with `alertSeverity` receives a notification of `eventSeverity`
 * (Flagger's events.go after fluxcd/flagger#1105): `info` receives everything, `warn` receives
 * warn and error, `error` receives error only.
 *
 * An alert written without a severity was resolved to `info` by spec resolution, as Flagger's
 * docs promise. Flagger's code compares the literal value, so such an alert never fires there;
 * here it receives everything.
 */
export function alertReceives(alertSeverity: Severity, eventSeverity: Severity): boolean {
  switch (alertSeverity) {
    case "info":
      return true;
    case "warn":
      return eventSeverity === "warn" || eventSeverity === "error";
    case "error":
      return eventSeverity === "error";
  }
}
