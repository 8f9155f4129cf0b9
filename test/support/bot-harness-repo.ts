/**
 * The repository the end-to-end tests start from: the example GitOps layout for podinfo
 * (examples/gitops/apps/podinfo and metrics/) with one weighted Canary whose MetricTemplates
 * point at a local Prometheus and whose webhooks go to a local load tester, plus the bot's
 * `.github/canary-bot.yml`.
 */
import { readFileSync } from "node:fs";
import { parseAllDocuments, parseDocument } from "yaml";

const EXAMPLES = new URL("../../examples/gitops/", import.meta.url);

export const CANARY_PATH = "apps/podinfo/canary.yaml";
export const DEPLOYMENT_PATH = "apps/podinfo/deployment.yaml";
export const GENERATED_PATH = "apps/podinfo/podinfo.canary-bot.yaml";
export const CONFIG_PATH = ".github/canary-bot.yml";
export const CANARY_KEY = "test/podinfo";
export const CHECK_NAME = `canary-bot: ${CANARY_KEY}`;

function example(path: string): string {
  return readFileSync(new URL(path, EXAMPLES), "utf8");
}

export interface SeedOptions {
  readonly prometheusUrl: string;
  readonly loadtesterUrl: string;
  /** The whole `.github/canary-bot.yml`; default {@link botConfig}(). */
  readonly config?: string;
  /** Leave the Canary out (a test pushes it later). */
  readonly withoutCanary?: boolean;
}

/** `.github/canary-bot.yml` without cluster access: each step counts as applied after `applyDelay`. */
export function botConfig(extra = "", applyDelay = "20s"): string {
  return `# canary-bot settings for this repository\ngitops:\n  tool: none\n  applyDelay: ${applyDelay}\n${extra}`;
}

/** The example Canary with its webhooks aimed at the local load tester and without alerts (no cluster Secret to read). */
export function canaryYaml(loadtesterUrl: string): string {
  const doc = parseDocument(example("apps/podinfo/canary.yaml"));
  doc.deleteIn(["spec", "analysis", "alerts"]);
  return doc.toString().replaceAll("http://flagger-loadtester.test/", `${loadtesterUrl}/`);
}

export function metricTemplatesYaml(prometheusUrl: string): string {
  return example("metrics/metric-templates.yaml").replaceAll("http://prometheus.istio-system:9090", prometheusUrl);
}

export function seedFiles(options: SeedOptions): Record<string, string> {
  return {
    "README.md": "# deploy\n\nWhat Flux applies to production.\n",
    [CONFIG_PATH]: options.config ?? botConfig(),
    "apps/podinfo/kustomization.yaml": example("apps/podinfo/kustomization.yaml"),
    [DEPLOYMENT_PATH]: example("apps/podinfo/deployment.yaml"),
    "apps/podinfo/hpa.yaml": example("apps/podinfo/hpa.yaml"),
    ...(options.withoutCanary ? {} : { [CANARY_PATH]: canaryYaml(options.loadtesterUrl) }),
    "metrics/metric-templates.yaml": metricTemplatesYaml(options.prometheusUrl),
  };
}

/** The target Deployment's text with another podinfo image tag (the change a rollout is about). */
export function withImage(deployment: string, tag: string): string {
  const next = deployment.replace(/ghcr\.io\/stefanprodan\/podinfo:[\w.-]+/, `ghcr.io/stefanprodan/podinfo:${tag}`);
  if (next === deployment) throw new Error(`no podinfo image to change to ${tag}`);
  return next;
}

interface BackendRef {
  readonly name?: unknown;
  readonly weight?: unknown;
}

/** Weights of the primary and canary backends in the generated HTTPRoute (every rule that has them). */
export function routeWeights(generated: string): { readonly primary: readonly number[]; readonly canary: readonly number[] } {
  const primary: number[] = [];
  const canary: number[] = [];
  for (const doc of parseAllDocuments(generated)) {
    const object = doc.toJS() as { kind?: unknown; spec?: { rules?: { backendRefs?: BackendRef[] }[] } } | null;
    if (object?.kind !== "HTTPRoute") continue;
    for (const rule of object.spec?.rules ?? []) {
      for (const ref of rule.backendRefs ?? []) {
        if (ref.name === "podinfo-primary") primary.push(Number(ref.weight));
        if (ref.name === "podinfo-canary") canary.push(Number(ref.weight));
      }
    }
  }
  return { primary, canary };
}

/** `spec.replicas` of the target Deployment (undefined when absent). */
export function targetReplicas(deployment: string): number | undefined {
  const object = parseDocument(deployment).toJS() as { spec?: { replicas?: unknown } } | null;
  const replicas = object?.spec?.replicas;
  return typeof replicas === "number" ? replicas : undefined;
}
