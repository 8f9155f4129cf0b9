/**
 * The revision of a target: a hash of its pod template plus the ConfigMaps and Secrets it uses
 * that live in Git, so a config change starts a rollout just as an image change does (Flagger's
 * config tracking, §2.2). Replicas are not part of it: scaling never starts a rollout.
 *
 * Unlike Flagger, which hashes decoded Go structs (so library upgrades change hashes of unchanged
 * workloads, fluxcd/flagger#1201), the hash is over canonical JSON of what Git holds: the same
 * template gives the same revision whatever its key order, comments or quoting.
 */
import { sha256Hex } from "../hash.js";
import { canonicalJson } from "./canonical-json.js";
import { configReferences } from "./config-references.js";
import type { ConfigKind } from "./config-references.js";

/** A ConfigMap or Secret from the repository, in the target's namespace. */
export interface ConfigObject {
  readonly kind: ConfigKind;
  readonly name: string;
  readonly manifest: unknown;
}

export type UntrackedReason = "tracking-disabled" | "secret-type" | "optional-and-missing";

export interface ConfigNote {
  readonly kind: ConfigKind;
  readonly name: string;
}

export interface Revision {
  /** First 16 hex digits of the SHA-256 over the template and the tracked checksums. */
  readonly revision: string;
  /** First 16 hex digits of the SHA-256 of the pod template alone. */
  readonly podTemplateHash: string;
  /** Flagger's `status.trackedConfigs` shape: `configmap/<name>` / `secret/<name>` → checksum. */
  readonly trackedConfigs: Readonly<Record<string, string>>;
  /** Required configs not in Git (created another way): their changes cannot start a rollout. */
  readonly external: readonly ConfigNote[];
  /** Configs left out on purpose, as Flagger leaves them out. */
  readonly untracked: readonly (ConfigNote & { readonly reason: UntrackedReason })[];
}

export const REVISION_LENGTH = 16;
export const CONFIG_TRACKING_ANNOTATION = "flagger.app/config-tracking";

/** Secret types Flagger tracks; others (service-account tokens, registry credentials) are not copied. */
export const TRACKED_SECRET_TYPES: readonly string[] = ["Opaque", "kubernetes.io/basic-auth", "kubernetes.io/ssh-auth", "kubernetes.io/tls"];

type Json = Readonly<Record<string, unknown>>;

function record(value: unknown): Json | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function shortHash(text: string): string {
  return sha256Hex(text).slice(0, REVISION_LENGTH);
}

/** Flagger: `strings.HasPrefix(annotation, "disable")`. */
function trackingDisabled(manifest: unknown): boolean {
  const value = record(record(record(manifest)?.metadata)?.annotations)?.[CONFIG_TRACKING_ANNOTATION];
  return typeof value === "string" && value.startsWith("disable");
}

function utf8Binary(text: string): string {
  return Array.from(new TextEncoder().encode(text), (byte) => String.fromCharCode(byte)).join("");
}

/** Secret bytes as a binary string, so `data` (base64) and `stringData` (text) compare equal. */
function secretBytes(encoded: unknown): string {
  if (typeof encoded !== "string") return canonicalJson(encoded);
  try {
    return atob(encoded.replace(/\s/g, ""));
  } catch {
    // Not base64 (a placeholder, or an encrypted value in its own format): hash it as written.
    return `raw:${encoded}`;
  }
}

function configContent(config: ConfigObject): unknown {
  const manifest = record(config.manifest);
  if (config.kind === "ConfigMap") return { data: manifest?.data, binaryData: manifest?.binaryData };
  const data: Record<string, string> = {};
  for (const [key, value] of Object.entries(record(manifest?.data) ?? {})) data[key] = secretBytes(value);
  for (const [key, value] of Object.entries(record(manifest?.stringData) ?? {})) {
    data[key] = typeof value === "string" ? utf8Binary(value) : canonicalJson(value);
  }
  return { data };
}

function secretType(manifest: unknown): string {
  const type = record(manifest)?.type;
  return typeof type === "string" && type !== "" ? type : "Opaque";
}

/** Flagger's checksum is the first 8 bytes of a SHA-256 of the data: 16 hex digits here too. */
export function configChecksum(config: ConfigObject): string {
  return shortHash(canonicalJson(configContent(config)));
}

export function computeRevision(podTemplate: unknown, configs: readonly ConfigObject[]): Revision {
  const trackedConfigs: Record<string, string> = {};
  const external: ConfigNote[] = [];
  const untracked: (ConfigNote & { reason: UntrackedReason })[] = [];
  for (const ref of configReferences(podTemplate)) {
    const config = configs.find((c) => c.kind === ref.kind && c.name === ref.name);
    if (config === undefined) {
      if (ref.optional) untracked.push({ kind: ref.kind, name: ref.name, reason: "optional-and-missing" });
      else external.push({ kind: ref.kind, name: ref.name });
      continue;
    }
    if (trackingDisabled(config.manifest)) {
      untracked.push({ kind: ref.kind, name: ref.name, reason: "tracking-disabled" });
      continue;
    }
    if (config.kind === "Secret" && !TRACKED_SECRET_TYPES.includes(secretType(config.manifest))) {
      untracked.push({ kind: ref.kind, name: ref.name, reason: "secret-type" });
      continue;
    }
    trackedConfigs[`${ref.kind.toLowerCase()}/${ref.name}`] = configChecksum(config);
  }
  return {
    revision: shortHash(canonicalJson({ template: podTemplate, configs: trackedConfigs })),
    podTemplateHash: shortHash(canonicalJson(podTemplate)),
    trackedConfigs,
    external,
    untracked,
  };
}
