/**
 * zod pieces shared by the Flagger manifests (`flagger.app/v1beta1`). Objects are strict, so a
 * misspelt field is an issue naming it rather than a silently ignored key.
 */
import * as z from "zod";
import { FLAGGER_DURATION, GATEWAY_DURATION, GO_DURATION } from "./duration.js";

export const stringMap = z.record(z.string(), z.string());

/** Flagger's duration: CRD pattern `^[0-9]+(m|s)` plus Go syntax (`30s`, `1m`, `1m30s`). */
export const flaggerDuration = z
  .string()
  .regex(FLAGGER_DURATION, { error: "must be a duration such as 30s, 1m or 1m30s (a number followed by s or m, as Flagger's CRD requires)" });

/** Any Go duration (`24h`), as Flagger parses `corsPolicy.maxAge`. */
export const goDuration = z.string().regex(GO_DURATION, { error: "must be a Go duration such as 30s, 10m or 24h" });

/** What HTTPRoute `timeouts` accept (GEP-2257), checked here so the route is never rejected later. */
export const gatewayDuration = z
  .string()
  .regex(GATEWAY_DURATION, { error: "must be a Gateway API duration such as 500ms, 5s or 1m (1 to 4 parts of up to 5 digits with h, m, s or ms)" });

export const stringMatchSchema = z.strictObject({
  exact: z.string().optional(),
  prefix: z.string().optional(),
  suffix: z.string().optional(),
  regex: z.string().optional().describe("RE2 regular expression"),
});

/**
 * Istio's `HTTPMatchRequest`, which Flagger accepts in `service.match` and `analysis.match`.
 * Conditions the Gateway API cannot express are accepted here and reported by validation with
 * their exact position.
 */
export const httpMatchSchema = z.strictObject({
  name: z.string().optional(),
  uri: stringMatchSchema.optional(),
  method: stringMatchSchema.optional(),
  headers: z.record(z.string(), stringMatchSchema).optional(),
  queryParams: z.record(z.string(), stringMatchSchema).optional(),
  scheme: stringMatchSchema.optional().describe("Istio only"),
  authority: stringMatchSchema.optional().describe("Istio only"),
  withoutHeaders: z.record(z.string(), stringMatchSchema).optional().describe("Istio only"),
  port: z.int().optional().describe("Istio only"),
  sourceLabels: stringMap.optional().describe("Istio only"),
  gateways: z.array(z.string()).optional().describe("Istio only"),
  ignoreUriCase: z.boolean().optional().describe("Istio only"),
  sourceNamespace: z.string().optional().describe("Istio only"),
});

/** Kubernetes ObjectMeta: only what we read is typed, the rest (uid, generation…) passes. */
export const objectMetaSchema = z.looseObject({
  name: z.string().min(1, { error: "must not be empty" }),
  namespace: z.string().min(1, { error: "must not be empty" }).optional(),
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
});

export type StringMatchManifest = z.infer<typeof stringMatchSchema>;
export type HttpMatchManifest = z.infer<typeof httpMatchSchema>;
