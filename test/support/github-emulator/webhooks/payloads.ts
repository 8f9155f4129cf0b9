import { createRequire } from "node:module";

/**
 * Webhook payloads start from GitHub's own example delivery for the event and action
 * (@octokit/webhooks-examples) and have the emulator's real values laid over them, so fields
 * the emulator does not model still exist with a plausible type.
 */
interface ExampleDefinition {
  readonly name: string;
  readonly examples: readonly Record<string, unknown>[];
}

let examples: readonly ExampleDefinition[] | undefined;

function loadExamples(): readonly ExampleDefinition[] {
  if (!examples) {
    const require = createRequire(import.meta.url);
    examples = require("@octokit/webhooks-examples/api.github.com/index.json") as ExampleDefinition[];
  }
  return examples;
}

export function exampleFor(event: string, action: string | undefined): Record<string, unknown> | undefined {
  const definition = loadExamples().find((d) => d.name === event);
  const example = definition?.examples.find((e) => action === undefined || e.action === action);
  return example === undefined ? undefined : structuredClone<Record<string, unknown>>(example);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})$/;

/**
 * Lays `real` over `example`: objects merge key by key, arrays and scalars are replaced. Where
 * the example has epoch seconds and the real value is an ISO date (push payloads keep
 * `repository.created_at` numeric), the date is converted to keep GitHub's type.
 */
export function overlay(example: unknown, real: unknown): unknown {
  if (isPlainObject(example) && isPlainObject(real)) {
    const out: Record<string, unknown> = { ...example };
    for (const [key, value] of Object.entries(real)) out[key] = overlay(example[key], value);
    return out;
  }
  if (typeof example === "number" && typeof real === "string" && ISO_DATE.test(real)) {
    return Math.floor(Date.parse(real) / 1000);
  }
  return real;
}

/**
 * The payload for `event`/`action`: top-level keys are exactly those the emulator provides
 * (so no example organisation or enterprise leaks in); nested objects keep the example's
 * extra fields.
 */
export function buildPayload(event: string, action: string | undefined, real: Record<string, unknown>): Record<string, unknown> {
  const example = exampleFor(event, action) ?? {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(real)) out[key] = overlay(example[key], value);
  return out;
}
