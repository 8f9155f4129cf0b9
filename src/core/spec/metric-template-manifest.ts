/** `flagger.app/v1beta1` MetricTemplate as users write it, per Flagger's CRD. */
import * as z from "zod";
import type { MetricProviderType } from "./model.js";
import { objectMetaSchema } from "./manifest-common.js";

export const METRIC_PROVIDER_TYPES = [
  "prometheus",
  "datadog",
  "cloudwatch",
  "newrelic",
  "graphite",
  "stackdriver",
  "influxdb",
  "dynatrace",
  "keptn",
  "splunk",
  "externalmetrics",
] as const satisfies readonly MetricProviderType[];

/** Provider types canary-bot can query today. */
export const SUPPORTED_METRIC_PROVIDER_TYPES: readonly MetricProviderType[] = ["prometheus"];

export const metricTemplateManifestSchema = z.strictObject({
  apiVersion: z.literal("flagger.app/v1beta1"),
  kind: z.literal("MetricTemplate"),
  metadata: objectMetaSchema,
  spec: z.strictObject({
    provider: z.strictObject({
      type: z.enum(METRIC_PROVIDER_TYPES),
      address: z.string().optional(),
      headers: z.record(z.string(), z.array(z.string())).optional(),
      secretRef: z.strictObject({ name: z.string().min(1) }).optional(),
      region: z.string().optional(),
      insecureSkipVerify: z.boolean().optional(),
    }),
    query: z.string(),
  }),
  status: z.unknown().optional(),
});

export type MetricTemplateManifest = z.infer<typeof metricTemplateManifestSchema>;
