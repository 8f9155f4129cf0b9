/**
 * Which queries a round of analysis sends, in Flagger's order (`scheduler_metrics.go`): first
 * every builtin metric and inline query in spec order, then every `templateRef` metric.
 */
import { formatSpecIssue } from "../errors.js";
import type {
  ResolvedCanary,
  ResolvedMetric,
  ResolvedMetricTemplate,
  SourceLocation,
  TemplateRef,
} from "../spec/model.js";
import { builtinQueryTemplate, isBuiltinMetricName } from "./builtin-queries.js";
import type { MetricCheck, PlannedMetricCheck } from "./metric-check.js";
import {
  collapseWhitespace,
  formatQueryTemplateError,
  queryTemplateModel,
  renderQueryTemplate,
} from "./query-template.js";

export interface MetricPlanOptions {
  /**
   * Prometheus for builtin metrics and inline queries when the Canary sets no
   * `metricsServer` (Flagger's `-metrics-server` flag).
   */
  readonly defaultMetricsServer?: string;
}

function issue(location: SourceLocation, field: string, message: string): PlannedMetricCheckError {
  return { kind: "error", reason: formatSpecIssue({ location, field, message, severity: "error" }) };
}

interface PlannedMetricCheckError {
  readonly kind: "error";
  readonly reason: string;
}

function immediate(check: MetricCheck, reading: PlannedMetricCheckError): PlannedMetricCheck {
  return { kind: "immediate", check, reading };
}

/** Why an address cannot be queried, or undefined when it is an http(s) URL. */
function addressProblem(address: string): string | undefined {
  if (!URL.canParse(address)) return `${JSON.stringify(address)} is not a URL`;
  const { protocol } = new URL(address);
  if (protocol !== "http:" && protocol !== "https:") return `${JSON.stringify(address)} is not an http(s) URL`;
  return undefined;
}

function canaryRef(canary: ResolvedCanary): string {
  return `Canary ${canary.namespace}/${canary.name}`;
}

/** Builtin metrics and inline queries go to the Canary's `metricsServer`. */
function planMetricsServerQuery(
  canary: ResolvedCanary,
  check: MetricCheck,
  template: string,
  field: string,
  options: MetricPlanOptions,
): PlannedMetricCheck {
  const address = canary.metricsServer ?? options.defaultMetricsServer;
  if (address === undefined) {
    return immediate(
      check,
      issue(
        canary.location,
        "spec.metricsServer",
        `${check.label} needs a Prometheus: set spec.metricsServer in the Canary or a default metrics server in canary-bot's configuration`,
      ),
    );
  }
  const problem = addressProblem(address);
  if (problem !== undefined) {
    const field = canary.metricsServer !== undefined ? "spec.metricsServer" : "default metrics server";
    return immediate(check, issue(canary.location, field, problem));
  }
  const rendered = renderQueryTemplate(template, queryTemplateModel(canary, check.metric));
  if (!rendered.ok) {
    return immediate(
      check,
      issue(canary.location, field, `cannot render the query: ${formatQueryTemplateError(rendered.error)}`),
    );
  }
  const query = collapseWhitespace(rendered.query);
  if (query === "") return immediate(check, issue(canary.location, field, "the query is empty"));
  return {
    kind: "query",
    check,
    query: { providerType: "prometheus", address, query, window: check.metric.interval, headers: {}, insecureSkipVerify: false },
  };
}

function planTemplateQuery(
  canary: ResolvedCanary,
  check: MetricCheck,
  ref: TemplateRef,
  templates: readonly ResolvedMetricTemplate[],
  field: string,
): PlannedMetricCheck {
  const template = templates.find((t) => t.name === ref.name && t.namespace === ref.namespace);
  if (!template) {
    return immediate(
      check,
      issue(
        canary.location,
        `${field}.templateRef`,
        `MetricTemplate ${ref.namespace}/${ref.name} not found in the repository`,
      ),
    );
  }
  const at = (templateField: string, message: string) =>
    immediate(check, issue(template.location, templateField, `MetricTemplate ${ref.namespace}/${ref.name}: ${message}`));
  const { provider } = template;
  if (provider.type !== "prometheus") {
    return at("spec.provider.type", `provider "${provider.type}" is not supported yet; canary-bot queries Prometheus only`);
  }
  if (provider.address === undefined || provider.address === "") {
    return at("spec.provider.address", "a prometheus provider needs an address");
  }
  const problem = addressProblem(provider.address);
  if (problem !== undefined) return at("spec.provider.address", problem);
  if (template.query.trim() === "") return at("spec.query", "the query is empty");
  const rendered = renderQueryTemplate(template.query, queryTemplateModel(canary, check.metric));
  if (!rendered.ok) {
    return at(
      "spec.query",
      `cannot render the query for metric "${check.name}" of ${canaryRef(canary)}: ${formatQueryTemplateError(rendered.error)}`,
    );
  }
  const query = collapseWhitespace(rendered.query);
  if (query === "") return at("spec.query", `the query renders empty for metric "${check.name}"`);
  return {
    kind: "query",
    check,
    query: {
      providerType: provider.type,
      address: provider.address,
      query,
      window: check.metric.interval,
      headers: provider.headers,
      insecureSkipVerify: provider.insecureSkipVerify,
      ...(provider.secretRef ? { secretRef: { namespace: template.namespace, name: provider.secretRef.name } } : {}),
    },
  };
}

function checkOf(metric: ResolvedMetric, source: MetricCheck["source"]): MetricCheck {
  const label =
    source === "builtin"
      ? `builtin ${metric.name}`
      : source === "query"
        ? "inline query"
        : `MetricTemplate ${metric.templateRef?.namespace ?? ""}/${metric.templateRef?.name ?? ""}`;
  return { name: metric.name, metric, source, label };
}

/**
 * One entry per check, each either a query to send or an outcome already decided (as a
 * reading of kind `error`). A metric with none of builtin name, query and templateRef gets
 * Flagger's "no usable metrics template and query were configured" error, in template order.
 */
export function planMetricQueries(
  canary: ResolvedCanary,
  templates: readonly ResolvedMetricTemplate[],
  options: MetricPlanOptions = {},
): PlannedMetricCheck[] {
  const first: PlannedMetricCheck[] = [];
  const second: PlannedMetricCheck[] = [];
  canary.analysis.metrics.forEach((metric, index) => {
    const field = `spec.analysis.metrics[${String(index)}]`;
    const builtin = isBuiltinMetricName(metric.name) ? metric.name : undefined;
    if (builtin !== undefined) {
      first.push(planMetricsServerQuery(canary, checkOf(metric, "builtin"), builtinQueryTemplate(builtin), field, options));
    }
    if (metric.query !== undefined && metric.query !== "") {
      first.push(planMetricsServerQuery(canary, checkOf(metric, "query"), metric.query, `${field}.query`, options));
    }
    if (metric.templateRef) {
      second.push(planTemplateQuery(canary, checkOf(metric, "template"), metric.templateRef, templates, field));
    } else if (builtin === undefined && (metric.query === undefined || metric.query === "")) {
      second.push(
        immediate(
          checkOf(metric, "query"),
          issue(
            canary.location,
            field,
            `metric "${metric.name}": no usable metrics template and query were configured (set templateRef or query, or use request-success-rate / request-duration)`,
          ),
        ),
      );
    }
  });
  return [...first, ...second];
}
