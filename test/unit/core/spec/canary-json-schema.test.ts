/**
 * schema/canary.schema.json is generated from the zod schema. When this test fails, regenerate:
 *   CANARY_BOT_UPDATE_SCHEMA=1 vitest run test/unit/core/spec/canary-json-schema.test.ts
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { canaryJsonSchema } from "../../../../src/core/spec/canary-json-schema.js";
import { readFixture } from "./spec-fixtures.js";

const SCHEMA_FILE = fileURLToPath(new URL("../../../../schema/canary.schema.json", import.meta.url));
const REGENERATE = "CANARY_BOT_UPDATE_SCHEMA=1 vitest run test/unit/core/spec/canary-json-schema.test.ts";

describe("schema/canary.schema.json", () => {
  const generated = `${JSON.stringify(canaryJsonSchema(), null, 2)}\n`;

  it("is up to date with the zod schema", () => {
    if (process.env.CANARY_BOT_UPDATE_SCHEMA === "1") writeFileSync(SCHEMA_FILE, generated);
    const committed = existsSync(SCHEMA_FILE) ? readFileSync(SCHEMA_FILE, "utf8") : "";
    expect(committed, `schema/canary.schema.json is out of date; regenerate it with: ${REGENERATE}`).toBe(generated);
  });

  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(canaryJsonSchema());

  it.each([
    "repo/apps/podinfo/canary.yaml",
    "examples/gatewayapi-progressive-delivery-02.yaml",
    "examples/gatewayapi-progressive-delivery-03.yaml",
    "examples/gatewayapi-progressive-delivery-04.yaml",
    "examples/gatewayapi-progressive-delivery-05.yaml",
    "examples/e2e-gatewayapi-ab-01.yaml",
    "examples/e2e-gatewayapi-bg-01.yaml",
    "examples/e2e-gatewayapi-canary-01.yaml",
    "examples/e2e-gatewayapi-canary-02.yaml",
    "examples/e2e-gatewayapi-session-affinity-01.yaml",
  ])("accepts %s", (file) => {
    expect(validate(parse(readFixture(file))), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each([
    ["a misspelt field", (y: string) => y.replace("    stepWeight: 10\n", "    stepweight: 10\n"), "/spec/analysis", "additionalProperties"],
    ["another router", (y: string) => y.replace("  provider: gatewayapi:v1\n", "  provider: istio\n"), "/spec/provider", "enum"],
    ["an hour interval", (y: string) => y.replace("    interval: 1m\n", "    interval: 1h\n"), "/spec/analysis/interval", "pattern"],
  ])("rejects %s", (_name, edit, instancePath, keyword) => {
    expect(validate(parse(edit(readFixture("repo/apps/podinfo/canary.yaml"))))).toBe(false);
    expect(validate.errors?.map((e) => [e.instancePath, e.keyword])).toContainEqual([instancePath, keyword]);
  });
});
