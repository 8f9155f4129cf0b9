/**
 * Flagger's query templating (`observers.RenderQuery`): Go `text/template` with
 * `missingkey=error`, nil data, and one zero-argument function per model field — `name`,
 * `namespace`, `target`, `service`, `ingress`, `route`, `interval` — plus `variables`, the
 * metric's `templateVariables` map (`{{ variables.direction }}`).
 */
import type { ResolvedCanary, ResolvedMetric } from "../spec/model.js";
import { GO_BUILTINS, UNSUPPORTED_GO_BUILTINS } from "./go-template-builtins.js";
import { executeTemplate, type FunctionTable } from "./go-template-exec.js";
import { lexTemplate } from "./go-template-lexer.js";
import { parseTemplate } from "./go-template-parser.js";
import { lineAndColumn, TemplateError } from "./template-error.js";

/** Flagger's `MetricTemplateModel`. */
export interface QueryTemplateModel {
  /** The Canary's name. */
  readonly name: string;
  readonly namespace: string;
  /** `spec.targetRef.name`. */
  readonly target: string;
  /** `spec.service.name`, else the target. */
  readonly service: string;
  /** `spec.ingressRef.name`, else the target (Gateway API Canaries have no ingressRef). */
  readonly ingress: string;
  /** `spec.routeRef.name`, else the target (Gateway API Canaries have no routeRef). */
  readonly route: string;
  /** The metric's query window, as written (`1m`). */
  readonly interval: string;
  readonly variables: Readonly<Record<string, string>>;
}

export const MODEL_FUNCTIONS = ["name", "namespace", "target", "service", "ingress", "route", "interval", "variables"] as const;

/** Flagger's `toMetricModel` for a Gateway API Canary and one of its metrics. */
export function queryTemplateModel(canary: ResolvedCanary, metric: ResolvedMetric): QueryTemplateModel {
  const target = canary.targetRef.name;
  return {
    name: canary.name,
    namespace: canary.namespace,
    target,
    service: canary.service.apex,
    ingress: target,
    route: target,
    interval: metric.interval,
    variables: metric.templateVariables,
  };
}

export interface QueryTemplateError {
  readonly message: string;
  /** Position in the query text, 1-based. */
  readonly line: number;
  readonly column: number;
  /** The action that failed (`{{ variables.direction }}`), when execution failed. */
  readonly action?: string;
}

export type RenderedQuery =
  | { readonly ok: true; readonly query: string }
  | { readonly ok: false; readonly error: QueryTemplateError };

function modelFunctions(model: QueryTemplateModel): FunctionTable {
  const constant = (value: string) => ({ arity: 0, call: () => value });
  return {
    ...GO_BUILTINS,
    name: constant(model.name),
    namespace: constant(model.namespace),
    target: constant(model.target),
    service: constant(model.service),
    ingress: constant(model.ingress),
    route: constant(model.route),
    interval: constant(model.interval),
    variables: {
      arity: 0,
      call: () => ({ kind: "map", entries: model.variables, label: "the metric's templateVariables" }),
    },
  };
}

/** Renders a query template; every problem is a value with its position, never thrown. */
export function renderQueryTemplate(source: string, model: QueryTemplateModel): RenderedQuery {
  const functions = modelFunctions(model);
  const checkFunction = (name: string, offset: number): void => {
    if (Object.hasOwn(functions, name)) return;
    if (UNSUPPORTED_GO_BUILTINS.has(name)) {
      throw new TemplateError(
        `function "${name}" is a Go template builtin that query templates do not support (they support substitutions only)`,
        offset,
      );
    }
    throw new TemplateError(
      `function "${name}" not defined; query templates define ${MODEL_FUNCTIONS.join(", ")}`,
      offset,
    );
  };
  try {
    const nodes = parseTemplate(lexTemplate(source), checkFunction);
    return { ok: true, query: executeTemplate(nodes, functions) };
  } catch (error: unknown) {
    if (!(error instanceof TemplateError)) throw error;
    const { line, column } = lineAndColumn(source, error.offset);
    return {
      ok: false,
      error: { message: error.message, line, column, ...(error.action !== undefined ? { action: error.action } : {}) },
    };
  }
}

/** `line 3, column 12: {{ variables.direction }}: map has no entry for key "direction" …` */
export function formatQueryTemplateError(error: QueryTemplateError): string {
  const action = error.action !== undefined ? `${collapseWhitespace(error.action)}: ` : "";
  return `line ${String(error.line)}, column ${String(error.column)}: ${action}${error.message}`;
}

/**
 * Flagger's Prometheus provider replaces every run of whitespace (Go's `\s`: space, tab, CR,
 * LF, FF) with one space before sending; the ends are trimmed too, which PromQL ignores.
 */
export function collapseWhitespace(query: string): string {
  return query.replace(/[\t\n\f\r ]+/g, " ").trim();
}
