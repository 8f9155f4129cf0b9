/**
 * ConfigMaps and Secrets a pod template references, as Flagger's config tracker finds them:
 * volumes, projected volume sources, `env[].valueFrom.*KeyRef` and `envFrom` of containers and
 * initContainers. `rewriteConfigRefs` renames the references the primary must use.
 */
export type ConfigKind = "ConfigMap" | "Secret";

export interface ConfigRef {
  readonly kind: ConfigKind;
  readonly name: string;
  readonly optional: boolean;
}

type Json = Record<string, unknown>;

function obj(v: unknown): Json | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
}

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? (v as unknown[]) : [];
}

/** Visits every config reference holder: `(holder, nameKey, kind)`; the callback may rename. */
function visit(podSpec: Json, fn: (holder: Json, nameKey: string, kind: ConfigKind) => void): void {
  for (const v of arr(podSpec.volumes)) {
    const volume = obj(v);
    const cm = obj(volume?.configMap);
    if (cm !== undefined) fn(cm, "name", "ConfigMap");
    const secret = obj(volume?.secret);
    if (secret !== undefined) fn(secret, "secretName", "Secret");
    for (const s of arr(obj(volume?.projected)?.sources)) {
      const source = obj(s);
      const pcm = obj(source?.configMap);
      if (pcm !== undefined) fn(pcm, "name", "ConfigMap");
      const psecret = obj(source?.secret);
      if (psecret !== undefined) fn(psecret, "name", "Secret");
    }
  }
  for (const c of [...arr(podSpec.initContainers), ...arr(podSpec.containers)]) {
    const container = obj(c);
    for (const e of arr(container?.env)) {
      const from = obj(obj(e)?.valueFrom);
      const cmk = obj(from?.configMapKeyRef);
      if (cmk !== undefined) fn(cmk, "name", "ConfigMap");
      const sk = obj(from?.secretKeyRef);
      if (sk !== undefined) fn(sk, "name", "Secret");
    }
    for (const e of arr(container?.envFrom)) {
      const source = obj(e);
      const cmr = obj(source?.configMapRef);
      if (cmr !== undefined) fn(cmr, "name", "ConfigMap");
      const sr = obj(source?.secretRef);
      if (sr !== undefined) fn(sr, "name", "Secret");
    }
  }
}

/** Distinct references, sorted by kind then name. */
export function configRefs(podSpec: unknown): ConfigRef[] {
  const spec = obj(podSpec);
  if (spec === undefined) return [];
  const found = new Map<string, ConfigRef>();
  visit(spec, (holder, nameKey, kind) => {
    const name = holder[nameKey];
    if (typeof name !== "string" || name === "") return;
    const key = `${kind}/${name}`;
    const optional = holder.optional === true && (found.get(key)?.optional ?? true);
    found.set(key, { kind, name, optional });
  });
  return [...found.values()].sort((a, b) => (a.kind === b.kind ? (a.name < b.name ? -1 : 1) : a.kind < b.kind ? -1 : 1));
}

/** Renames references in place (on a copy the caller owns). */
export function rewriteConfigRefs(podSpec: Json, rename: (kind: ConfigKind, name: string) => string | undefined): void {
  visit(podSpec, (holder, nameKey, kind) => {
    const name = holder[nameKey];
    if (typeof name !== "string") return;
    const next = rename(kind, name);
    if (next !== undefined) holder[nameKey] = next;
  });
}
