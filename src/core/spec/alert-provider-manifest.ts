/** `flagger.app/v1beta1` AlertProvider as users write it, per Flagger's CRD. */
import * as z from "zod";
import type { AlertProviderType } from "./model.js";
import { objectMetaSchema } from "./manifest-common.js";

export const ALERT_PROVIDER_TYPES = ["slack", "msteams", "discord", "rocket", "gchat"] as const satisfies readonly AlertProviderType[];

export const alertProviderManifestSchema = z.strictObject({
  apiVersion: z.literal("flagger.app/v1beta1"),
  kind: z.literal("AlertProvider"),
  metadata: objectMetaSchema,
  spec: z.strictObject({
    type: z.enum(ALERT_PROVIDER_TYPES),
    channel: z.string().optional().describe("default general"),
    username: z.string().optional().describe("default flagger"),
    address: z.string().optional().describe("webhook URL; ignored when secretRef is set"),
    proxy: z.string().optional(),
    secretRef: z.strictObject({ name: z.string().min(1) }).optional().describe("Secret with key address (and optional token)"),
  }),
  status: z.unknown().optional(),
});

export type AlertProviderManifest = z.infer<typeof alertProviderManifestSchema>;
