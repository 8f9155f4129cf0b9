/**
 * Flagger's own examples (test/fixtures/specs/examples, verbatim from its docs and Gateway API
 * e2e tests): all parse; the Gateway API ones validate next to the podinfo workload and the
 * MetricTemplates they reference; the Istio ones and the non-Prometheus templates get precise
 * issues.
 */
import { describe, expect, it } from "vitest";
import { parse, parseDocument } from "yaml";
import { formatSpecIssue } from "../../../../src/core/errors.js";
import { loadRepository } from "../../../../src/core/spec/load-repository.js";
import type { RepositoryFile } from "../../../../src/core/spec/load-repository.js";
import type { Strategy } from "../../../../src/core/spec/model.js";
import { fixtureNames, readFixture } from "./spec-fixtures.js";

const TUTORIAL_TEMPLATES = "gatewayapi-progressive-delivery-01.yaml";
const E2E_TEMPLATES = "e2e-gatewayapi-metric-templates.yaml";

function namespaceOf(canaryYaml: string): string {
  const doc = parse(canaryYaml) as { metadata?: { namespace?: string } } | null;
  return doc?.metadata?.namespace ?? "test";
}

/**
 * The podinfo workload (no namespace of its own) in a directory whose kustomization.yaml gives it
 * the Canary's namespace, as each of Flagger's e2e scenarios runs in its own namespace.
 */
function repositoryFor(canaryFile: string, canaryYaml: string, templatesFile: string): RepositoryFile[] {
  const namespace = namespaceOf(canaryYaml);
  return [
    { path: "apps/podinfo/deployment.yaml", content: readFixture("repo/apps/podinfo/deployment.yaml") },
    { path: "apps/podinfo/hpa.yaml", content: readFixture("repo/apps/podinfo/hpa.yaml") },
    {
      path: "apps/podinfo/kustomization.yaml",
      content: readFixture("repo/apps/podinfo/kustomization.yaml").replace("namespace: test", `namespace: ${namespace}`),
    },
    { path: `apps/podinfo/${canaryFile}`, content: canaryYaml },
    { path: "flagger-system/metric-templates.yaml", content: readFixture(`examples/${templatesFile}`) },
  ];
}

function formatted(files: readonly RepositoryFile[]): string[] {
  return loadRepository(files).issues.map((i) => `${i.severity}: ${formatSpecIssue(i)}`);
}

describe("every example", () => {
  it.each(fixtureNames("examples"))("%s parses into recognised objects without YAML issues", (name) => {
    const index = loadRepository([{ path: name, content: readFixture(`examples/${name}`) }]);
    expect(index.issues.filter((i) => i.field === "yaml")).toEqual([]);
    expect(index.objects.length).toBeGreaterThan(0);
    expect(index.objects.every((o) => o.file === name)).toBe(true);
  });

  it("recognises the kinds of each example", () => {
    const kinds = Object.fromEntries(
      fixtureNames("examples").map((name) => [name, loadRepository([{ path: name, content: readFixture(`examples/${name}`) }]).objects.map((o) => o.kind).join(",")]),
    );
    expect(kinds["alerting-01.yaml"]).toBe("AlertProvider,Secret");
    expect(kinds[E2E_TEMPLATES]).toBe("MetricTemplate,MetricTemplate,MetricTemplate");
    expect(kinds[TUTORIAL_TEMPLATES]).toBe("MetricTemplate,MetricTemplate");
    expect(kinds["metrics-07.yaml"]).toBe("MetricTemplate");
    expect(kinds["istio-progressive-delivery-04.yaml"]).toBe("Canary");
  });
});

describe("Gateway API canaries validate in a repository with the podinfo workload", () => {
  const cases: readonly { file: string; templates: string; strategy: Strategy; warnings: readonly string[] }[] = [
    { file: "gatewayapi-progressive-delivery-02.yaml", templates: TUTORIAL_TEMPLATES, strategy: "canary", warnings: [] },
    { file: "gatewayapi-progressive-delivery-03.yaml", templates: TUTORIAL_TEMPLATES, strategy: "ab-testing", warnings: [] },
    { file: "gatewayapi-progressive-delivery-04.yaml", templates: TUTORIAL_TEMPLATES, strategy: "canary-session-affinity", warnings: [] },
    { file: "gatewayapi-progressive-delivery-05.yaml", templates: TUTORIAL_TEMPLATES, strategy: "blue-green-mirroring", warnings: [] },
    {
      file: "e2e-gatewayapi-canary-01.yaml",
      templates: E2E_TEMPLATES,
      strategy: "canary",
      warnings: ["22:5: spec.analysis.interval: 15s is shorter than 30s: every step is a commit that the GitOps tool must apply before it is measured"],
    },
    {
      file: "e2e-gatewayapi-canary-02.yaml",
      templates: E2E_TEMPLATES,
      strategy: "canary",
      warnings: ["23:5: spec.analysis.interval: 15s is shorter than 30s: every step is a commit that the GitOps tool must apply before it is measured"],
    },
    {
      file: "e2e-gatewayapi-bg-01.yaml",
      templates: E2E_TEMPLATES,
      strategy: "blue-green",
      warnings: ["22:5: spec.analysis.interval: 10s is shorter than 30s: every step is a commit that the GitOps tool must apply before it is measured"],
    },
    {
      file: "e2e-gatewayapi-ab-01.yaml",
      templates: E2E_TEMPLATES,
      strategy: "ab-testing",
      warnings: ["22:5: spec.analysis.interval: 15s is shorter than 30s: every step is a commit that the GitOps tool must apply before it is measured"],
    },
    {
      file: "e2e-gatewayapi-session-affinity-01.yaml",
      templates: E2E_TEMPLATES,
      strategy: "canary-session-affinity",
      warnings: ["22:5: spec.analysis.interval: 15s is shorter than 30s: every step is a commit that the GitOps tool must apply before it is measured"],
    },
  ];

  it.each(cases)("$file → $strategy", ({ file, templates, strategy, warnings }) => {
    const index = loadRepository(repositoryFor(file, readFixture(`examples/${file}`), templates));
    expect(index.issues.map((i) => `${i.severity}: ${formatSpecIssue(i)}`)).toEqual(warnings.map((w) => `warning: apps/podinfo/${file}:${w}`));
    expect(index.canaries.map((c) => [c.namespace, c.name, c.strategy])).toEqual([[namespaceOf(readFixture(`examples/${file}`)), "podinfo", strategy]]);
    expect(index.rejected).toEqual([]);
  });

  it("the e2e templates cover every template the e2e canaries reference, including bg's request-duration", () => {
    const index = loadRepository(repositoryFor("e2e-gatewayapi-bg-01.yaml", readFixture("examples/e2e-gatewayapi-bg-01.yaml"), E2E_TEMPLATES));
    expect(index.canaries[0]?.analysis.metrics.map((m) => m.templateRef)).toEqual([{ name: "request-duration", namespace: "flagger-system" }]);
    expect(index.metricTemplates.map((t) => `${t.namespace}/${t.name}`)).toEqual([
      "flagger-system/request-duration",
      "flagger-system/latency",
      "flagger-system/error-rate",
    ]);
  });
});

describe("documentation fragments (service snippets) merged into the tutorial's full Canary", () => {
  /** The docs show these as additions to the tutorial Canary; merge `spec.service` the same way. */
  function merged(fragmentFile: string): string {
    const doc = parseDocument(readFixture("examples/gatewayapi-progressive-delivery-02.yaml"));
    const fragment = parse(readFixture(`examples/${fragmentFile}`)) as { spec: { service: Record<string, unknown> } };
    for (const [key, value] of Object.entries(fragment.spec.service)) doc.setIn(["spec", "service", key], value);
    return doc.toString();
  }

  function loadMerged(fragmentFile: string) {
    const index = loadRepository(repositoryFor("canary.yaml", merged(fragmentFile), TUTORIAL_TEMPLATES));
    expect(index.issues.map(formatSpecIssue)).toEqual([]);
    const [canary] = index.canaries;
    if (canary === undefined) throw new Error("no canary");
    return canary.service;
  }

  it("06: timeouts", () => {
    const service = loadMerged("gatewayapi-progressive-delivery-06.yaml");
    expect([service.timeout, service.backendTimeout]).toEqual(["5s", "2s"]);
  });

  it("07: header operations, sorted by name", () => {
    const service = loadMerged("gatewayapi-progressive-delivery-07.yaml");
    expect(service.requestHeaders).toEqual({
      add: [{ name: "x-custom-header", value: "custom-value" }],
      set: [{ name: "x-api-version", value: "v1" }],
      remove: ["x-debug-header"],
    });
    expect(service.responseHeaders).toEqual({
      add: [
        { name: "x-content-type-options", value: "nosniff" },
        { name: "x-frame-options", value: "DENY" },
      ],
      set: [{ name: "cache-control", value: "no-cache" }],
      remove: ["x-powered-by"],
    });
  });

  it("08 and 09: rewrites", () => {
    expect(loadMerged("gatewayapi-progressive-delivery-08.yaml").rewrite).toEqual({ uri: "/v2/api", authority: "api.example.com", type: "ReplaceFullPath" });
    expect(loadMerged("gatewayapi-progressive-delivery-09.yaml").rewrite).toEqual({ uri: "/api/v2", type: "ReplacePrefixMatch" });
  });

  it("10: CORS with maxAge 24h in seconds", () => {
    expect(loadMerged("gatewayapi-progressive-delivery-10.yaml").cors).toEqual({
      allowOrigins: ["https://foo.example", "http://foo.example"],
      allowMethods: ["GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS"],
      allowHeaders: ["Keep-Alive", "User-Agent", "X-Requested-With", "If-Modified-Since", "Cache-Control", "Content-Type", "Authorization"],
      exposeHeaders: [],
      maxAgeSeconds: 86400,
      allowCredentials: true,
    });
  });

  it("on their own, fragments say which required fields are missing", () => {
    expect(formatted([{ path: "fragment.yaml", content: readFixture("examples/gatewayapi-progressive-delivery-06.yaml") }])).toEqual([
      "error: fragment.yaml:7:1: spec.targetRef: is required",
      "error: fragment.yaml:7:1: spec.analysis: is required",
      "error: fragment.yaml:8:3: spec.service.port: is required",
    ]);
  });
});

describe("Istio examples: precise 'not supported' issues", () => {
  const cases: readonly { file: string; issues: readonly string[] }[] = [
    {
      file: "istio-ab-testing-01.yaml",
      issues: [
        "error: 21:3: spec.service.gatewayRefs: is required: list the Gateways the HTTPRoute attaches to",
        "error: 25:5: spec.service.gateways: not supported by the Gateway API router (Istio only); attach the route with gatewayRefs",
        "warning: 31:5: spec.service.trafficPolicy: not supported by the Gateway API router (Istio only); ignored",
      ],
    },
    {
      file: "istio-progressive-delivery-01.yaml",
      issues: [
        "error: 21:3: spec.service.gatewayRefs: is required: list the Gateways the HTTPRoute attaches to",
        "error: 27:5: spec.service.gateways: not supported by the Gateway API router (Istio only); attach the route with gatewayRefs",
        "warning: 33:5: spec.service.trafficPolicy: not supported by the Gateway API router (Istio only); ignored",
        "warning: 38:5: spec.service.retries: not supported by the Gateway API router (Istio only); ignored",
      ],
    },
    {
      file: "istio-progressive-delivery-02.yaml",
      issues: [
        "error: 21:3: spec.service.gatewayRefs: is required: list the Gateways the HTTPRoute attaches to",
        "error: 27:5: spec.service.gateways: not supported by the Gateway API router (Istio only); attach the route with gatewayRefs",
        "warning: 33:5: spec.service.trafficPolicy: not supported by the Gateway API router (Istio only); ignored",
        "warning: 38:5: spec.service.retries: not supported by the Gateway API router (Istio only); ignored",
      ],
    },
    {
      file: "istio-progressive-delivery-03.yaml",
      issues: [
        "error: 7:1: spec.targetRef: is required",
        "error: 7:1: spec.service: is required",
        "warning: 18:5: spec.analysis.mirrorWeight: not supported by the Gateway API router (Istio only); ignored (the Gateway API mirrors every request)",
      ],
    },
    {
      file: "istio-progressive-delivery-04.yaml",
      issues: ["error: 2:1: metadata: is required", "error: 5:1: spec.targetRef: is required", "error: 5:1: spec.analysis: is required"],
    },
  ];

  it.each(cases)("$file", ({ file, issues }) => {
    const index = loadRepository(repositoryFor(file, readFixture(`examples/${file}`), TUTORIAL_TEMPLATES));
    expect(index.issues.map((i) => `${i.severity}: ${formatSpecIssue(i)}`)).toEqual(
      issues.map((issue) => issue.replace(/^(error|warning): /, `$1: apps/podinfo/${file}:`)),
    );
    expect(index.canaries).toEqual([]);
  });
});

describe("MetricTemplates", () => {
  it.each([
    ["metrics-06.yaml", "9:5", "datadog"],
    ["metrics-07.yaml", "8:5", "cloudwatch"],
    ["metrics-08.yaml", "9:5", "newrelic"],
    ["metrics-09.yaml", "8:5", "graphite"],
    ["metrics-11.yaml", "9:5", "stackdriver"],
    ["metrics-12.yaml", "9:5", "influxdb"],
    ["metrics-13.yaml", "9:5", "dynatrace"],
    ["metrics-14.yaml", "9:5", "keptn"],
    ["metrics-15.yaml", "9:5", "splunk"],
    ["metrics-16.yaml", "9:5", "externalmetrics"],
  ])("%s: provider %s is not supported yet, at %s", (file, position, provider) => {
    const errors = loadRepository([{ path: file, content: readFixture(`examples/${file}`) }]).issues.filter((i) => i.severity === "error");
    expect(errors.map(formatSpecIssue)).toEqual([`${file}:${position}: spec.provider.type: provider ${provider} is not supported yet`]);
  });

  it.each(["metrics-02.yaml", "metrics-03.yaml", "metrics-04.yaml", E2E_TEMPLATES, TUTORIAL_TEMPLATES])("%s (Prometheus) resolves without issues", (file) => {
    const index = loadRepository([{ path: file, content: readFixture(`examples/${file}`) }]);
    expect(index.issues).toEqual([]);
    expect(index.metricTemplates.every((t) => t.provider.type === "prometheus" && t.query.length > 0)).toBe(true);
    expect(index.metricTemplates.length).toBe(index.objects.length);
  });

  it("metrics-07 uses flagger.app/v1alpha1: a warning, then read as v1beta1", () => {
    const issues = loadRepository([{ path: "metrics-07.yaml", content: readFixture("examples/metrics-07.yaml") }]).issues;
    expect(issues.map((i) => `${i.severity}: ${formatSpecIssue(i)}`)).toEqual([
      "warning: metrics-07.yaml:2:1: apiVersion: flagger.app/v1alpha1 is not served by Flagger's CRDs; read as flagger.app/v1beta1, change it to that",
      "error: metrics-07.yaml:8:5: spec.provider.type: provider cloudwatch is not supported yet",
    ]);
  });

  it("templates without a query (auth snippets) say so", () => {
    expect(formatted([{ path: "metrics-05.yaml", content: readFixture("examples/metrics-05.yaml") }])).toEqual(["error: metrics-05.yaml:7:1: spec.query: is required"]);
  });

  it("the placeholder template of the docs names each empty field", () => {
    expect(formatted([{ path: "metrics-01.yaml", content: readFixture("examples/metrics-01.yaml") }])).toEqual([
      'error: metrics-01.yaml:8:5: spec.provider.type: must be one of "prometheus", "datadog", "cloudwatch", "newrelic", "graphite", "stackdriver", "influxdb", "dynatrace", "keptn", "splunk", "externalmetrics", got an empty value',
      "error: metrics-01.yaml:9:5: spec.provider.address: must be a string, got an empty value",
      "error: metrics-01.yaml:10:5: spec.provider.insecureSkipVerify: must be true or false, got an empty value",
      "error: metrics-01.yaml:12:7: spec.provider.secretRef.name: must be a string, got an empty value",
      "error: metrics-01.yaml:13:3: spec.query: must be a string, got an empty value",
    ]);
  });
});

describe("AlertProvider example", () => {
  it("resolves with Flagger's fields", () => {
    const index = loadRepository([{ path: "alerting-01.yaml", content: readFixture("examples/alerting-01.yaml") }]);
    expect(index.issues).toEqual([]);
    expect(index.alertProviders).toEqual([
      {
        name: "on-call",
        namespace: "flagger",
        file: "alerting-01.yaml",
        location: { file: "alerting-01.yaml", line: 2, column: 1 },
        type: "slack",
        channel: "on-call-alerts",
        username: "flagger",
        address: "https://hooks.slack.com/services/YOUR/SLACK/WEBHOOK",
        proxy: "http://my-http-proxy.com",
        secretRef: { name: "on-call-url" },
      },
    ]);
  });
});
