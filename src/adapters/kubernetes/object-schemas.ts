import { z } from "zod";

/**
 * Custom objects arrive untyped from client-node. These schemas check only the fields the barrier
 * and discovery read (unknown fields are dropped), so a malformed object yields a message naming
 * the field instead of a crash.
 */

const condition = z.object({
  type: z.string(),
  status: z.string(),
  reason: z.string().optional(),
  message: z.string().optional(),
  observedGeneration: z.number().optional(),
  lastTransitionTime: z.string().optional(),
});

const metadata = z.object({
  name: z.string(),
  namespace: z.string(),
  generation: z.number().optional(),
});

export const fluxKustomizationSchema = z.object({
  metadata,
  spec: z
    .object({
      suspend: z.boolean().optional(),
      path: z.string().optional(),
      sourceRef: z
        .object({ kind: z.string(), name: z.string(), namespace: z.string().optional() })
        .optional(),
    })
    .optional(),
  status: z
    .object({
      observedGeneration: z.number().optional(),
      lastAppliedRevision: z.string().optional(),
      lastAttemptedRevision: z.string().optional(),
      lastAppliedOriginRevision: z.string().optional(),
      conditions: z.array(condition).optional(),
    })
    .optional(),
});

export const fluxGitRepositorySchema = z.object({
  metadata,
  spec: z
    .object({
      url: z.string().optional(),
      ref: z
        .object({
          branch: z.string().optional(),
          tag: z.string().optional(),
          semver: z.string().optional(),
          name: z.string().optional(),
          commit: z.string().optional(),
        })
        .optional(),
    })
    .optional(),
});

const argoRevisions = {
  revision: z.string().optional(),
  revisions: z.array(z.string()).optional(),
};

const argoSource = z.object({
  repoURL: z.string().optional(),
  path: z.string().optional(),
  targetRevision: z.string().optional(),
  chart: z.string().optional(),
  directory: z.object({ recurse: z.boolean().optional() }).optional(),
});

export const argoApplicationSchema = z.object({
  metadata: metadata.omit({ generation: true }),
  spec: z.object({ source: argoSource.optional(), sources: z.array(argoSource).optional() }).optional(),
  status: z
    .object({
      sync: z.object({ status: z.string().optional(), ...argoRevisions }).optional(),
      health: z.object({ status: z.string().optional(), message: z.string().optional() }).optional(),
      operationState: z
        .object({
          phase: z.string().optional(),
          message: z.string().optional(),
          syncResult: z.object(argoRevisions).optional(),
          operation: z.object({ sync: z.object(argoRevisions).optional() }).optional(),
        })
        .optional(),
      conditions: z.array(z.object({ type: z.string(), message: z.string().optional() })).optional(),
      sourceType: z.string().optional(),
      sourceTypes: z.array(z.string()).optional(),
    })
    .optional(),
});

const parentRef = z.object({
  group: z.string().optional(),
  kind: z.string().optional(),
  namespace: z.string().optional(),
  name: z.string(),
  sectionName: z.string().optional(),
  port: z.number().optional(),
});

export const httpRouteSchema = z.object({
  metadata,
  spec: z
    .object({
      parentRefs: z.array(parentRef).optional(),
      rules: z
        .array(
          z.object({
            matches: z
              .array(z.object({ headers: z.array(z.object({ name: z.string(), type: z.string().optional() })).optional() }))
              .optional(),
            backendRefs: z
              .array(
                z.object({
                  group: z.string().optional(),
                  kind: z.string().optional(),
                  name: z.string(),
                  namespace: z.string().optional(),
                  port: z.number().optional(),
                  weight: z.number().optional(),
                }),
              )
              .optional(),
          }),
        )
        .optional(),
    })
    .optional(),
  status: z
    .object({
      parents: z
        .array(z.object({ parentRef, controllerName: z.string().optional(), conditions: z.array(condition).optional() }))
        .optional(),
    })
    .optional(),
});

export type FluxKustomization = z.infer<typeof fluxKustomizationSchema>;
export type FluxGitRepository = z.infer<typeof fluxGitRepositorySchema>;
export type ArgoApplication = z.infer<typeof argoApplicationSchema>;
export type HTTPRoute = z.infer<typeof httpRouteSchema>;

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** Parse with a one-line message: `status.conditions.0.status: Invalid input: expected string`. */
export function parseObject<T>(schema: z.ZodType<T>, raw: unknown, what: string): Parsed<T> {
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, value: result.data };
  const issues = result.error.issues.map((i) => `${i.path.join(".") || "(object)"}: ${i.message}`).join("; ");
  return { ok: false, message: `${what} has an unexpected shape (${issues})` };
}
