import * as z from "zod";
import { canaryManifestSchema } from "./canary-manifest.js";

/**
 * JSON Schema (draft 2020-12) of the Canary manifest, generated from the same zod schema that
 * validates it, for editors (`# yaml-language-server: $schema=…`) and other tools. The committed
 * copy is `schema/canary.schema.json`.
 */
export function canaryJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(canaryManifestSchema, { target: "draft-2020-12" });
}
