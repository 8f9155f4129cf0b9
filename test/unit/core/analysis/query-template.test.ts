import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  collapseWhitespace,
  formatQueryTemplateError,
  queryTemplateModel,
  renderQueryTemplate,
  type QueryTemplateModel,
} from "../../../../src/core/analysis/query-template.js";
import { makeCanary } from "../../../support/canary-builder.js";
import { loadExampleTemplates } from "../../../support/prometheus-templates.js";

const model: QueryTemplateModel = {
  name: "podinfo",
  namespace: "test",
  target: "podinfo",
  service: "podinfo-svc",
  ingress: "podinfo-ing",
  route: "podinfo-rt",
  interval: "1m",
  variables: { direction: "inbound", "dash-key": "v", empty: "" },
};

function render(source: string, overrides: Partial<QueryTemplateModel> = {}): string {
  const result = renderQueryTemplate(source, { ...model, ...overrides });
  if (!result.ok) throw new Error(formatQueryTemplateError(result.error));
  return result.query;
}

function failure(source: string, overrides: Partial<QueryTemplateModel> = {}): string {
  const result = renderQueryTemplate(source, { ...model, ...overrides });
  if (result.ok) throw new Error(`rendered: ${result.query}`);
  return formatQueryTemplateError(result.error);
}

describe("Flagger's MetricTemplate examples render", () => {
  // Every template with a query in Flagger's docs and Gateway API e2e tests, whitespace collapsed
  // as the Prometheus provider sends it. Templating does not depend on the provider type.
  const expected: [file: string, name: string, query: string][] = [
    [
      "e2e-gatewayapi-metric-templates.yaml",
      "request-duration",
      'histogram_quantile(0.99, sum( rate( http_request_duration_seconds_bucket{ namespace=~"test", app="podinfo", }[1m] ) ) by (le) )',
    ],
    [
      "e2e-gatewayapi-metric-templates.yaml",
      "latency",
      'histogram_quantile(0.99, sum( rate( istio_request_duration_milliseconds_bucket{ reporter="source", destination_workload_namespace=~"test", destination_workload=~"podinfo", }[1m] ) ) by (le) )/1000',
    ],
    [
      "e2e-gatewayapi-metric-templates.yaml",
      "error-rate",
      '100 - sum( rate( istio_requests_total{ reporter="source", destination_workload_namespace=~"test", destination_workload=~"podinfo", response_code!~"5.*" }[1m] ) ) / sum( rate( istio_requests_total{ reporter="source", destination_workload_namespace=~"test", destination_workload=~"podinfo", }[1m] ) ) * 100',
    ],
    [
      "gatewayapi-progressive-delivery-01.yaml",
      "latency",
      'histogram_quantile(0.99, sum( rate( istio_request_duration_milliseconds_bucket{ reporter="source", destination_workload_namespace=~"test", destination_workload=~"podinfo", }[1m] ) ) by (le) )/1000',
    ],
    [
      "gatewayapi-progressive-delivery-01.yaml",
      "error-rate",
      '100 - sum( rate( istio_requests_total{ reporter="source", destination_workload_namespace=~"test", destination_workload=~"podinfo", response_code!~"5.*" }[1m] ) ) / sum( rate( istio_requests_total{ reporter="source", destination_workload_namespace=~"test", destination_workload=~"podinfo", }[1m] ) ) * 100',
    ],
    [
      "metrics-02.yaml",
      "my-metric",
      'histogram_quantile( 0.99, sum( rate( response_latency_ms_bucket{ namespace="test", deployment=~"podinfo", direction="inbound" }[1m] ) ) by (le) )',
    ],
    [
      "metrics-03.yaml",
      "not-found-percentage",
      '100 - sum( rate( istio_requests_total{ reporter="destination", destination_workload_namespace="test", destination_workload="podinfo", response_code!="404" }[1m] ) ) / sum( rate( istio_requests_total{ reporter="destination", destination_workload_namespace="test", destination_workload="podinfo" }[1m] ) ) * 100',
    ],
    [
      "metrics-04.yaml",
      "grpc-error-rate-percentage",
      '100 - sum( rate( grpc_server_handled_total{ grpc_code!="OK", kubernetes_namespace="test", kubernetes_pod_name=~"podinfo-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)" }[1m] ) ) / sum( rate( grpc_server_started_total{ kubernetes_namespace="test", kubernetes_pod_name=~"podinfo-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)" }[1m] ) ) * 100',
    ],
    [
      "metrics-06.yaml",
      "not-found-percentage",
      "100 - ( sum:istio.mesh.request.count{ reporter:destination, destination_workload_namespace:test, destination_workload:podinfo, !response_code:404 }.as_count() / sum:istio.mesh.request.count{ reporter:destination, destination_workload_namespace:test, destination_workload:podinfo }.as_count() ) * 100",
    ],
    [
      "metrics-08.yaml",
      "newrelic-error-rate",
      "SELECT filter(sum(nginx_ingress_controller_requests), WHERE status >= '500') / sum(nginx_ingress_controller_requests) * 100 FROM Metric WHERE metricName = 'nginx_ingress_controller_requests' AND ingress = 'podinfo-ing' AND namespace = 'test'",
    ],
    [
      "metrics-09.yaml",
      "graphite-request-success-rate",
      "target=summarize( asPercent( sumSeries( stats.timers.httpServerRequests.app.podinfo.exception.*.method.*.outcome.{CLIENT_ERROR,INFORMATIONAL,REDIRECTION,SUCCESS}.status.*.uri.*.count ), sumSeries( stats.timers.httpServerRequests.app.podinfo.exception.*.method.*.outcome.*.status.*.uri.*.count ) ), 1m, 'avg' )",
    ],
    [
      "metrics-11.yaml",
      "bytes-sent",
      "fetch k8s_container | metric 'istio.io/service/server/response_latencies' | filter (metric.destination_service_name == 'podinfo-svc-canary' && metric.destination_service_namespace == 'test') | align delta(1m) | every 1m | group_by [], [value_response_latencies_percentile: percentile(value.response_latencies, 99)]",
    ],
    [
      "metrics-12.yaml",
      "not-found",
      'from(bucket: "default") |> range(start: -2h) |> filter(fn: (r) => r["_measurement"] == "istio_requests_total") |> filter(fn: (r) => r[" destination_workload_namespace"] == "test") |> filter(fn: (r) => r["destination_workload"] == "podinfo") |> filter(fn: (r) => r["response_code"] == "500") |> count() |> yield(name: "count")',
    ],
    [
      "metrics-15.yaml",
      "success-rate",
      "total = data('traces.count', filter=filter('sf_service', 'podinfo')).sum().publish(enable=False) success = data('traces.count', filter=filter('sf_service', 'podinfo') and filter('sf_error', 'false')).sum().publish(enable=False) ((success/total) * 100).publish()",
    ],
  ];

  it.each(expected)("%s %s", (file, name, query) => {
    const template = loadExampleTemplates(file).find((t) => t.name === name);
    expect(template).toBeDefined();
    expect(collapseWhitespace(render(template!.query))).toBe(query);
  });

  it("renders the CloudWatch JSON with {{ name }}.{{ namespace }} in place", () => {
    const [template] = loadExampleTemplates("metrics-07.yaml");
    const json = JSON.parse(render(template!.query)) as { MetricStat?: { Metric: { Dimensions: { Value: string }[] } } }[];
    expect(json.map((q) => q.MetricStat?.Metric.Dimensions[0]?.Value)).toEqual([undefined, "podinfo.test", "podinfo.test"]);
  });

  it("leaves queries without actions as they are", () => {
    for (const file of ["metrics-13.yaml", "metrics-14.yaml", "metrics-16.yaml"]) {
      const [template] = loadExampleTemplates(file);
      expect(render(template!.query)).toBe(template!.query);
    }
  });
});

describe("renderQueryTemplate", () => {
  it.each([
    ["every model function", "{{ name }} {{ namespace }} {{ target }} {{ service }} {{ ingress }} {{ route }} {{ interval }}", "podinfo test podinfo podinfo-svc podinfo-ing podinfo-rt 1m"],
    ["no spaces inside the delimiters", "{{target}}/{{interval}}", "podinfo/1m"],
    ["a template variable", 'direction="{{ variables.direction }}"', 'direction="inbound"'],
    ["an empty template variable", "[{{ variables.empty }}]", "[]"],
    ["index for keys that are not identifiers", '{{ index variables "dash-key" }}', "v"],
    ["a parenthesised pipeline with a field", "{{ (variables).direction }}", "inbound"],
    ["the variables map printed as Go prints maps", "{{ variables }}", "map[dash-key:v direction:inbound empty:]"],
    ["left trim", "a \n\t {{- target }}", "apodinfo"],
    ["right trim", "{{ target -}} \n b", "podinfob"],
    ["both trims across lines", "sum(\n  {{- namespace -}}\n)", "sum(test)"],
    ["a negative number is not a trim marker", "{{-3}}", "-3"],
    ["a comment", "a{{/* why */}}b", "ab"],
    ["a trimmed comment", "a \n{{- /* why */ -}}\n b", "ab"],
    ["newlines inside an action", "{{\n  target\n}}", "podinfo"],
    ["a string literal", '{{ "x\\ty" }}', "x\ty"],
    ["a raw string literal", '{{ `a"b` }}', 'a"b'],
    ["printf", '{{ printf "%s-%s" target namespace }}', "podinfo-test"],
    ["printf with %q and %d", '{{ printf "%q=%d" target 3 }}', '"podinfo"=3'],
    ["a pipeline into printf", '{{ namespace | printf "ns=%s" }}', "ns=test"],
    ["print spaces only between non-strings", '{{ print 1 2 "a" 3 }}', "1 2a3"],
    ["println", "{{ println target namespace }}", "podinfo test\n"],
    ["len in bytes", '{{ len target }} {{ len "é" }} {{ len variables }}', "7 2 3"],
    ["urlquery like Go's url.QueryEscape", '{{ urlquery "a b&c=d/é" }}', "a+b%26c%3Dd%2F%C3%A9"],
    ["text without actions", "up{job=\"x\"} == 1", "up{job=\"x\"} == 1"],
  ])("%s", (_label, source, rendered) => {
    expect(render(source)).toBe(rendered);
  });

  it.each([
    [
      "a missing template variable names the key and what is defined",
      'x{{ variables.direction }}',
      { variables: {} },
      `line 1, column 5: {{ variables.direction }}: map has no entry for key "direction" (the metric's templateVariables defines: none)`,
    ],
    [
      "a missing template variable among others",
      "a\n  b {{ variables.region }}",
      {},
      `line 2, column 8: {{ variables.region }}: map has no entry for key "region" (the metric's templateVariables defines: "dash-key", "direction", "empty")`,
    ],
    [
      "index of a missing key (Go would render an empty string)",
      '{{ index variables "nope" }}',
      {},
      `line 1, column 4: {{ index variables "nope" }}: map has no entry for key "nope" (the metric's templateVariables defines: "dash-key", "direction", "empty")`,
    ],
    [
      "an unknown function",
      "{{ namespaces }}",
      {},
      'line 1, column 4: function "namespaces" not defined; query templates define name, namespace, target, service, ingress, route, interval, variables',
    ],
    [
      "the dotted form: Flagger's data is nil",
      "{{ .namespace }}",
      {},
      'line 1, column 4: {{ .namespace }}: nil data; no entry for key "namespace": query templates call functions, write {{ namespace }} without the leading dot',
    ],
    [
      "arguments to a model function",
      '{{ namespace "x" }}',
      {},
      'line 1, column 4: {{ namespace "x" }}: wrong number of args for namespace: want 0 got 1',
    ],
    ["a field of a string", "{{ target.name }}", {}, "line 1, column 4: {{ target.name }}: can't evaluate field name in type string"],
    [
      "control actions",
      "{{ if true }}x{{ end }}",
      {},
      "line 1, column 4: {{ if }} actions are not supported in query templates; only substitutions such as {{ namespace }} or {{ variables.key }} are",
    ],
    [
      "Go builtins that need control actions",
      '{{ eq namespace "test" }}',
      {},
      'line 1, column 4: function "eq" is a Go template builtin that query templates do not support (they support substitutions only)',
    ],
    ["template variables", "{{ $ns := namespace }}", {}, "line 1, column 4: template variables ($ns) are not supported in query templates"],
    ["an unclosed action", "sum({{ namespace )", {}, "line 1, column 5: unclosed action"],
    ["an unclosed comment", "a {{/* b", {}, "line 1, column 3: unclosed comment"],
    ["a comment not closing the action", "{{/* a */ namespace }}", {}, "line 1, column 8: comment ends before closing delimiter"],
    ["an empty action", "{{ }}", {}, "line 1, column 6: missing value for command"],
    ["a float literal", "{{ 1.5 }}", {}, "line 1, column 4: number 1.5: only decimal integers are supported in query templates"],
    ["an unterminated string", '{{ "abc }}', {}, "line 1, column 4: unterminated quoted string"],
    ["a stray character", "{{ namespace ; }}", {}, 'line 1, column 14: unrecognized character in action: U+003B ";"'],
    ["two operands without a space", '{{ printf "a""b" }}', {}, 'line 1, column 14: unexpected "\\"b\\"" in operand'],
  ])("%s", (_label, source, overrides, message) => {
    expect(failure(source, overrides)).toBe(message);
  });
});

describe("queryTemplateModel", () => {
  it("follows Flagger's toMetricModel for a Gateway API Canary", () => {
    const canary = makeCanary({ name: "podinfo", namespace: "test", service: { apex: "frontend" } });
    expect(
      queryTemplateModel(canary, {
        name: "latency",
        interval: "30s",
        intervalSeconds: 30,
        templateVariables: { direction: "inbound" },
      }),
    ).toEqual({
      name: "podinfo",
      namespace: "test",
      target: "podinfo",
      service: "frontend",
      ingress: "podinfo",
      route: "podinfo",
      interval: "30s",
      variables: { direction: "inbound" },
    });
  });
});

describe("collapseWhitespace", () => {
  it("turns every run of Go's \\s into one space and trims the ends", () => {
    expect(collapseWhitespace("\n  sum(\t\trate(x[1m])\r\n\f)  \n")).toBe("sum( rate(x[1m]) )");
  });
});

describe("renderQueryTemplate on arbitrary input", () => {
  const pieces = fc.constantFrom("{{", "}}", "{{- ", " -}}", "/*", "*/", '"', "`", "'", "(", ")", "|", ".", "$", "-", " ", "\n", "namespace", "variables", ".direction", "printf", "index", "if", "1", "-3", "x");

  it("never throws: every input renders or fails with a position", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(pieces, { maxLength: 30 }).map((p) => p.join(""))), (source) => {
        const result = renderQueryTemplate(source, model);
        if (!result.ok) {
          expect(result.error.line).toBeGreaterThanOrEqual(1);
          expect(result.error.column).toBeGreaterThanOrEqual(1);
          expect(result.error.message).not.toBe("");
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("copies text without actions unchanged", () => {
    fc.assert(
      fc.property(fc.string().filter((s) => !s.includes("{{")), (text) => {
        expect(render(text)).toBe(text);
      }),
    );
  });
});
