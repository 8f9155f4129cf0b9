/**
 * MetricTemplates from the YAML fixtures as the resolved model, with just enough resolution for
 * analysis tests (the spec package does the real parsing and validation).
 */
import { readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import type { MetricProviderType, ResolvedMetricTemplate } from "../../src/core/spec/model.js";

export const FLAGGER_EXAMPLES_DIR = join(dirname(fileURLToPath(import.meta.url)), "../fixtures/prometheus/flagger-examples");

interface RawTemplate {
  metadata?: { name?: string; namespace?: string };
  spec?: {
    provider?: {
      type?: string | null;
      address?: string | null;
      headers?: Record<string, string[]>;
      secretRef?: { name?: string | null } | null;
      insecureSkipVerify?: boolean | null;
    };
    query?: string | null;
  };
}

/** Every MetricTemplate document of a fixture file, in order. */
export function loadExampleTemplates(file: string): ResolvedMetricTemplate[] {
  const path = join(FLAGGER_EXAMPLES_DIR, file);
  const text = readFileSync(path, "utf8");
  return parseAllDocuments(text).map((doc) => {
    const raw = doc.toJS() as RawTemplate;
    const line = text.slice(0, doc.range[0]).split("\n").length;
    const provider = raw.spec?.provider ?? {};
    const secretName = provider.secretRef?.name;
    return {
      name: raw.metadata?.name ?? "",
      namespace: raw.metadata?.namespace ?? "default",
      file: `metrics/${basename(file)}`,
      location: { file: `metrics/${basename(file)}`, line, column: 1 },
      provider: {
        type: (provider.type ?? "prometheus") as MetricProviderType,
        ...(provider.address ? { address: provider.address } : {}),
        headers: provider.headers ?? {},
        ...(secretName ? { secretRef: { name: secretName } } : {}),
        insecureSkipVerify: provider.insecureSkipVerify ?? false,
      },
      query: raw.spec?.query ?? "",
    };
  });
}

/** A template by name from a fixture file. */
export function exampleTemplate(file: string, name: string): ResolvedMetricTemplate {
  const found = loadExampleTemplates(file).find((t) => t.name === name);
  if (!found) throw new Error(`${file} has no MetricTemplate ${name}`);
  return found;
}
