/**
 * Rules that span several fields of one Canary (Flagger's CRD `oneOf`, its controller's runtime
 * checks, and the places where Flagger silently does something other than what was written).
 * Repository references are checked by `canaryReferenceIssues`.
 */
import type { SpecIssue } from "../errors.js";
import type { CanaryManifest } from "./canary-manifest.js";
import { canaryReferenceIssues } from "./canary-references.js";
import type { ReferenceLookup } from "./canary-references.js";
import { locateIssues } from "./field-issue.js";
import { parseGoDuration } from "./duration.js";
import type { FieldIssue } from "./field-issue.js";
import type { FieldPath } from "./field-path.js";
import { analysisMatchIssues, serviceMatchIssues } from "./match-issues.js";
import type { ResolvedCanary, ResolvedMetric } from "./model.js";
import type { Locate } from "./yaml-documents.js";

export const BUILTIN_METRICS: readonly string[] = ["request-success-rate", "request-duration"];

/** Shorter intervals work, but each step is a commit that must be applied before it is measured. */
export const RECOMMENDED_MIN_INTERVAL_SECONDS = 30;

const ANALYSIS: FieldPath = ["spec", "analysis"];
const SERVICE: FieldPath = ["spec", "service"];
const HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function error(path: FieldPath, message: string): FieldIssue {
  return { path, message, severity: "error" };
}

function warning(path: FieldPath, message: string): FieldIssue {
  return { path, message, severity: "warning" };
}

function outside(value: number, min: number, max: number): boolean {
  return value < min || value > max;
}

function progressionIssues(manifest: CanaryManifest): FieldIssue[] {
  const a = manifest.spec.analysis;
  const issues: FieldIssue[] = [];
  const modes = (["iterations", "stepWeight", "stepWeights"] as const).filter((key) => a[key] !== undefined);
  const [first, ...others] = modes;
  if (first === undefined) {
    issues.push(error(ANALYSIS, "needs one of iterations (A/B testing, blue/green), stepWeight or stepWeights (weighted canary)"));
  }
  for (const other of others) {
    issues.push(error([...ANALYSIS, other], `cannot be combined with ${first ?? ""}; set exactly one of iterations, stepWeight or stepWeights`));
  }
  if (a.iterations !== undefined && a.iterations < 1) issues.push(error([...ANALYSIS, "iterations"], "must be at least 1"));
  if (a.stepWeight !== undefined && outside(a.stepWeight, 1, 100)) {
    issues.push(error([...ANALYSIS, "stepWeight"], "must be between 1 and 100"));
  }
  if (a.stepWeights !== undefined) {
    if (a.stepWeights.length === 0) issues.push(error([...ANALYSIS, "stepWeights"], "must list at least one weight"));
    a.stepWeights.forEach((weight, i) => {
      const previous = a.stepWeights?.[i - 1];
      if (outside(weight, 1, 100)) issues.push(error([...ANALYSIS, "stepWeights", i], "must be between 1 and 100"));
      else if (previous !== undefined && weight <= previous) {
        issues.push(error([...ANALYSIS, "stepWeights", i], `must be greater than the previous step (${String(previous)})`));
      }
    });
  }
  if (a.maxWeight !== undefined) {
    if (outside(a.maxWeight, 1, 100)) issues.push(error([...ANALYSIS, "maxWeight"], "must be between 1 and 100"));
    else if (a.stepWeights !== undefined && a.stepWeights.length > 0) {
      issues.push(warning([...ANALYSIS, "maxWeight"], "is ignored when stepWeights is set: the last step is the maximum weight"));
    } else if (a.iterations !== undefined) {
      issues.push(warning([...ANALYSIS, "maxWeight"], "is ignored with iterations (A/B testing and blue/green switch all traffic at once)"));
    }
  }
  if (a.stepWeightPromotion !== undefined && outside(a.stepWeightPromotion, 0, 100)) {
    issues.push(error([...ANALYSIS, "stepWeightPromotion"], "must be between 0 and 100 (0 moves all traffic back to the primary at once)"));
  }
  for (const key of ["primaryReadyThreshold", "canaryReadyThreshold"] as const) {
    const value = a[key];
    if (value !== undefined && outside(value, 0, 100)) issues.push(error([...ANALYSIS, key], "must be a percentage between 0 and 100"));
  }
  return issues;
}

function intervalIssues(manifest: CanaryManifest): FieldIssue[] {
  const interval = manifest.spec.analysis.interval;
  if (interval === undefined) return [];
  const ms = parseGoDuration(interval) ?? 0;
  if (ms >= RECOMMENDED_MIN_INTERVAL_SECONDS * 1000) return [];
  const raised = ms < 10_000 ? " (raised to Flagger's minimum of 10s)" : "";
  return [
    warning(
      [...ANALYSIS, "interval"],
      `${interval}${raised} is shorter than ${String(RECOMMENDED_MIN_INTERVAL_SECONDS)}s: every step is a commit that the GitOps tool must apply before it is measured`,
    ),
  ];
}

function strategyIssues(canary: ResolvedCanary): FieldIssue[] {
  const a = canary.analysis;
  const issues: FieldIssue[] = [];
  const iterations = a.iterations !== undefined && a.iterations > 0;
  if (a.mirror && !iterations) {
    issues.push(
      error(
        [...ANALYSIS, "mirror"],
        "needs iterations: the Gateway API router mirrors traffic only in blue/green (with stepWeight Flagger never mirrors and keeps re-requesting the mirror step)",
      ),
    );
  } else if (a.mirror && a.match.length > 0) {
    issues.push(error([...ANALYSIS, "mirror"], "has no effect in A/B testing (analysis.match with iterations); remove mirror or match"));
  }
  const sa = a.sessionAffinity;
  if (sa !== undefined) {
    if (iterations) {
      issues.push(error([...ANALYSIS, "sessionAffinity"], "works with weighted canaries only (stepWeight or stepWeights); with iterations it is never used"));
    }
    if (sa.primaryCookieName !== undefined && sa.primaryCookieName === sa.cookieName) {
      issues.push(error([...ANALYSIS, "sessionAffinity", "primaryCookieName"], "must differ from cookieName"));
    }
    if (sa.primaryCookieName !== undefined && canary.gatewayApi === "v1beta1") {
      issues.push(error([...ANALYSIS, "sessionAffinity", "primaryCookieName"], "is not supported by the gatewayapi:v1beta1 router; use provider gatewayapi:v1"));
    }
  }
  return issues;
}

function metricIssues(metric: ResolvedMetric, path: FieldPath): FieldIssue[] {
  const builtin = BUILTIN_METRICS.includes(metric.name);
  const issues: FieldIssue[] = [];
  if (!builtin && metric.query === undefined && metric.templateRef === undefined) {
    issues.push(error(path, `needs a templateRef or a query: only ${BUILTIN_METRICS.join(" and ")} are builtin`));
  }
  if (metric.query !== undefined && metric.templateRef !== undefined) {
    issues.push(error([...path, "query"], "cannot be combined with templateRef: Flagger would run both"));
  } else if (builtin && metric.query !== undefined) {
    issues.push(error([...path, "query"], `is ignored for the builtin metric ${metric.name}; give the metric another name to use this query`));
  }
  if (builtin && metric.templateRef !== undefined) {
    issues.push(
      error([...path, "templateRef"], `${metric.name} is a builtin metric: Flagger would run the builtin and the template; give the metric another name`),
    );
  }
  const range = metric.thresholdRange;
  if (range?.min !== undefined && range.max !== undefined && range.min > range.max) {
    issues.push(error([...path, "thresholdRange"], `min (${String(range.min)}) is greater than max (${String(range.max)}): every value fails`));
  }
  if (range === undefined && metric.threshold === undefined) {
    issues.push(
      warning(
        path,
        metric.name === "request-success-rate"
          ? "has no thresholdRange: the check never fails"
          : "has no thresholdRange: Flagger fails the check whenever the value is above 0",
      ),
    );
  }
  return issues;
}

function webhookIssues(canary: ResolvedCanary): FieldIssue[] {
  return canary.analysis.webhooks.flatMap((hook, i) => {
    const url = URL.parse(hook.url);
    return url === null || (url.protocol !== "http:" && url.protocol !== "https:")
      ? [error([...ANALYSIS, "webhooks", i, "url"], "must be an absolute http or https URL")]
      : [];
  });
}

function rewriteIssues(canary: ResolvedCanary): FieldIssue[] {
  const rewrite = canary.service.rewrite;
  if (rewrite?.type !== "ReplacePrefixMatch" || rewrite.uri === undefined) return [];
  const serviceMatch = canary.service.match;
  let problem: string | undefined;
  if (serviceMatch.length > 1) problem = `service.match has ${String(serviceMatch.length)} entries`;
  else if (serviceMatch.length === 1 && serviceMatch[0]?.uri?.prefix === undefined) problem = "service.match[0] has no uri prefix";
  else if (serviceMatch.length === 0 && canary.analysis.sessionAffinity !== undefined) {
    problem = "the session-affinity rules match on the cookie alone; add one service.match with a uri prefix";
  } else if (canary.analysis.match.length > 1) problem = `the A/B rule gets ${String(canary.analysis.match.length)} matches from analysis.match`;
  return problem === undefined
    ? []
    : [error([...SERVICE, "rewrite", "type"], `ReplacePrefixMatch needs exactly one PathPrefix match in each HTTPRoute rule (Gateway API), but ${problem}`)];
}

function serviceIssues(canary: ResolvedCanary, manifest: CanaryManifest): FieldIssue[] {
  const service = canary.service;
  const written = manifest.spec.service;
  const issues: FieldIssue[] = [];
  if (service.gatewayRefs.length === 0) {
    issues.push(error([...SERVICE, "gatewayRefs"], "is required: list the Gateways the HTTPRoute attaches to"));
  }
  service.hosts.forEach((host, i) => {
    if (!HOSTNAME.test(host)) issues.push(error([...SERVICE, "hosts", i], "must be a lower-case DNS name, optionally starting with *."));
  });
  service.mirror.forEach((m, i) => {
    if (m.group === "" && m.kind === "Service" && m.port === undefined) {
      issues.push(error([...SERVICE, "mirror", i, "backendRef", "port"], "is required for a Service backend"));
    }
  });
  (written.corsPolicy?.allowOrigins ?? []).forEach((origin, i) => {
    if (origin.exact === undefined) {
      issues.push(error([...SERVICE, "corsPolicy", "allowOrigins", i], "only exact origins can be expressed by the Gateway API CORS filter (Flagger drops the others)"));
    }
  });
  if (canary.gatewayApi === "v1beta1") {
    for (const key of ["timeout", "backendTimeout", "corsPolicy"] as const) {
      if (written[key] !== undefined) {
        issues.push(error([...SERVICE, key], "is not supported by the gatewayapi:v1beta1 router; use provider gatewayapi:v1"));
      }
    }
  }
  const request = parseGoDuration(service.timeout ?? "");
  const backend = parseGoDuration(service.backendTimeout ?? "");
  if (request !== undefined && backend !== undefined && request !== 0 && backend > request) {
    issues.push(error([...SERVICE, "backendTimeout"], `must not be longer than timeout (${service.timeout ?? ""})`));
  }
  issues.push(...rewriteIssues(canary), ...serviceMatchIssues(service.match));
  return issues;
}

/** Cross-field rules for one schema-valid Canary, without positions. */
export function canaryFieldIssues(canary: ResolvedCanary, manifest: CanaryManifest): FieldIssue[] {
  return [
    ...progressionIssues(manifest),
    ...intervalIssues(manifest),
    ...strategyIssues(canary),
    ...analysisMatchIssues(canary.analysis.match),
    ...canary.analysis.metrics.flatMap((m, i) => metricIssues(m, [...ANALYSIS, "metrics", i])),
    ...webhookIssues(canary),
    ...serviceIssues(canary, manifest),
  ];
}

/**
 * Every rule that spans fields of one Canary, plus its references into the repository when a
 * lookup is given. Returns issues with `file:line:column`; never throws.
 */
export function validateCanary(canary: ResolvedCanary, manifest: CanaryManifest, locate: Locate, lookup?: ReferenceLookup): SpecIssue[] {
  const own = canaryFieldIssues(canary, manifest);
  if (lookup === undefined) return locateIssues(own, locate);
  const references = canaryReferenceIssues(canary, lookup);
  return [...locateIssues([...own, ...references.inCanary], locate), ...references.elsewhere];
}
