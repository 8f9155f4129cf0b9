import type { ObservationRequest, Observation } from "../core/machine/types.js";
import type { Revision } from "../core/revision/compute-revision.js";
import { webhookChecksum } from "../core/hooks/webhook-checksum.js";
import type { ResolvedCanary } from "../core/spec/model.js";
import type { RepositoryIndex } from "../core/spec/repository-index.js";
import type { ClusterObserver } from "../ports/cluster-observer.js";
import type { MetricsProvider } from "../ports/metrics-provider.js";
import type { WebhookCaller } from "../ports/webhook-caller.js";
import { runMetrics } from "./analysis/run-metrics.js";
import { secretCredentialsResolver } from "./analysis/secret-credentials-resolver.js";
import type { SecretReader } from "./analysis/secret-credentials-resolver.js";
import { runGatingWebhooks } from "./hooks/run-webhooks.js";

export interface NeedContext {
  readonly canary: ResolvedCanary;
  readonly index: RepositoryIndex;
  readonly revision: Revision;
  readonly webhooks: WebhookCaller;
  readonly metrics: MetricsProvider;
  readonly cluster: ClusterObserver;
  readonly defaultMetricsServer?: string;
  readonly now: number;
}

/** Secrets through the cluster observer, as values: a missing or unreadable Secret is a reason. */
export function clusterSecretReader(cluster: ClusterObserver): SecretReader {
  return async (namespace, name) => {
    try {
      const data = await cluster.secret(namespace, name);
      return data ? { data } : { error: `Secret ${namespace}/${name} not found` };
    } catch (error: unknown) {
      return { error: `Secret ${namespace}/${name} could not be read: ${error instanceof Error ? error.message : String(error)}` };
    }
  };
}

/** Performs what a need-plan asks for and returns the observation with the answers added. */
export async function answerNeeds(requests: readonly ObservationRequest[], observation: Observation, ctx: NeedContext): Promise<Observation> {
  let next = observation;
  const checksum = webhookChecksum({ revision: ctx.revision.revision, trackedConfigs: ctx.revision.trackedConfigs });
  for (const request of requests) {
    switch (request.kind) {
      case "webhooks": {
        const outcomes = await runGatingWebhooks(ctx.webhooks, request, { canary: ctx.canary, checksum });
        next = { ...next, webhooks: { ...next.webhooks, [request.type]: outcomes } };
        break;
      }
      case "metrics": {
        const metrics = await runMetrics({
          canary: ctx.canary,
          templates: ctx.index.metricTemplates,
          provider: ctx.metrics,
          resolveCredentials: secretCredentialsResolver(clusterSecretReader(ctx.cluster)),
          now: ctx.now,
          options: ctx.defaultMetricsServer !== undefined ? { defaultMetricsServer: ctx.defaultMetricsServer } : {},
        });
        next = { ...next, metrics };
        break;
      }
    }
  }
  return next;
}
