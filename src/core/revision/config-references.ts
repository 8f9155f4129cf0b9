/**
 * ConfigMaps and Secrets a pod template uses, found where Flagger's config tracker looks:
 * volumes, projected volume sources, `env[].valueFrom.{configMapKeyRef,secretKeyRef}` and
 * `envFrom[].{configMapRef,secretRef}` of containers and init containers.
 */
export type ConfigKind = "ConfigMap" | "Secret";

export interface ConfigReference {
  readonly kind: ConfigKind;
  readonly name: string;
  /** True only when every reference to the object is marked optional. */
  readonly optional: boolean;
}

type Json = Readonly<Record<string, unknown>>;

function record(value: unknown): Json | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function configReferences(podTemplate: unknown): ConfigReference[] {
  const found = new Map<string, ConfigReference>();
  const add = (kind: ConfigKind, ref: Json | undefined, nameKey: "name" | "secretName"): void => {
    const name = ref?.[nameKey];
    if (typeof name !== "string" || name === "") return;
    const optional = ref?.optional === true;
    const key = `${kind}/${name}`;
    const previous = found.get(key);
    found.set(key, { kind, name, optional: optional && (previous?.optional ?? true) });
  };
  const spec = record(record(podTemplate)?.spec);
  for (const volume of list(spec?.volumes).map(record)) {
    add("ConfigMap", record(volume?.configMap), "name");
    add("Secret", record(volume?.secret), "secretName");
    for (const source of list(record(volume?.projected)?.sources).map(record)) {
      add("ConfigMap", record(source?.configMap), "name");
      add("Secret", record(source?.secret), "name");
    }
  }
  for (const container of [...list(spec?.initContainers), ...list(spec?.containers)].map(record)) {
    for (const env of list(container?.env).map(record)) {
      const from = record(env?.valueFrom);
      add("ConfigMap", record(from?.configMapKeyRef), "name");
      add("Secret", record(from?.secretKeyRef), "name");
    }
    for (const envFrom of list(container?.envFrom).map(record)) {
      add("ConfigMap", record(envFrom?.configMapRef), "name");
      add("Secret", record(envFrom?.secretRef), "name");
    }
  }
  return [...found.values()];
}
