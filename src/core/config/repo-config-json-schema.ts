import * as z from "zod";
import { repoConfigSchema } from "./repo-config-schema.js";

/**
 * JSON Schema (draft 2020-12) of `.github/canary-bot.yml`, generated from the zod schema that
 * validates it, for editors (`# yaml-language-server: $schema=…`) and other tools.
 */
export function repoConfigJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(repoConfigSchema, { target: "draft-2020-12", io: "input" });
}
