/**
 * Flagger's builtin metrics for the `kubernetes` and `gatewayapi:*` providers (its HTTP
 * observer, `pkg/metrics/observers/http.go`). They query the application's own
 * `http_request_duration_seconds` histogram on the Canary's `metricsServer`, selecting the
 * canary pods only: `<target>-<hash>-<id>` matches the pattern, `<target>-primary-<hash>-<id>`
 * does not.
 */

export type BuiltinMetricName = "request-success-rate" | "request-duration";

export function isBuiltinMetricName(name: string): name is BuiltinMetricName {
  return name === "request-success-rate" || name === "request-duration";
}

/** Percentage of non-5xx requests over the window. */
const REQUEST_SUCCESS_RATE = `
	sum(
		rate(
			http_request_duration_seconds_count{
				kubernetes_namespace="{{ namespace }}",
				kubernetes_pod_name=~"{{ target }}-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)",
				status!~"5.*"
			}[{{ interval }}]
		)
	) 
	/ 
	sum(
		rate(
			http_request_duration_seconds_count{
				kubernetes_namespace="{{ namespace }}",
				kubernetes_pod_name=~"{{ target }}-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)"
			}[{{ interval }}]
		)
	) 
	* 100`;

/** P99 latency in seconds; the assessment compares it in milliseconds. */
const REQUEST_DURATION = `
	histogram_quantile(
		0.99,
		sum(
			rate(
				http_request_duration_seconds_bucket{
					kubernetes_namespace="{{ namespace }}",
					kubernetes_pod_name=~"{{ target }}-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)"
				}[{{ interval }}]
			)
		) by (le)
	)`;

/** The query template of a builtin metric, rendered like any MetricTemplate query. */
export function builtinQueryTemplate(name: BuiltinMetricName): string {
  switch (name) {
    case "request-success-rate":
      return REQUEST_SUCCESS_RATE;
    case "request-duration":
      return REQUEST_DURATION;
  }
}
