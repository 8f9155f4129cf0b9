/**
 * Schema validation and cross-references for rendered manifests. Schemas come from
 * `kubernetes-models` (types, enums, required fields) and `@kubernetes/client-node`'s models
 * (unknown fields); both are generated from Kubernetes' own OpenAPI description.
 */
import { Deployment } from "kubernetes-models/apps/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1";
import { ConfigMap, Namespace, PersistentVolumeClaim, Service, ServiceAccount } from "kubernetes-models/v1";
import { isObject, type JsonObject, type Rendered } from "./kustomize-subset.js";
import { hasModel, modelNameFor, unknownFields } from "./unknown-fields.js";

type Validate = (object: JsonObject) => void;

/** Every kind deploy/ may contain, with its validator; any other kind fails the tests. */
export const validators: Readonly<Record<string, Validate>> = {
  "apps/v1/Deployment": (o) => {
    new Deployment(o).validate();
  },
  "v1/Service": (o) => {
    new Service(o).validate();
  },
  "v1/ServiceAccount": (o) => {
    new ServiceAccount(o).validate();
  },
  "v1/ConfigMap": (o) => {
    new ConfigMap(o).validate();
  },
  "v1/Namespace": (o) => {
    new Namespace(o).validate();
  },
  "v1/PersistentVolumeClaim": (o) => {
    new PersistentVolumeClaim(o).validate();
  },
  "policy/v1/PodDisruptionBudget": (o) => {
    new PodDisruptionBudget(o).validate();
  },
  "rbac.authorization.k8s.io/v1/ClusterRole": (o) => {
    new ClusterRole(o).validate();
  },
  "rbac.authorization.k8s.io/v1/ClusterRoleBinding": (o) => {
    new ClusterRoleBinding(o as unknown as ConstructorParameters<typeof ClusterRoleBinding>[0]).validate();
  },
  "rbac.authorization.k8s.io/v1/Role": (o) => {
    new Role(o).validate();
  },
  "rbac.authorization.k8s.io/v1/RoleBinding": (o) => {
    new RoleBinding(o as unknown as ConstructorParameters<typeof RoleBinding>[0]).validate();
  },
};

/** Problems with one object against the Kubernetes schema, as `source: kind/name: message`. */
export function schemaProblems({ source, object }: Rendered): string[] {
  const label = `${source}: ${String(object.kind)}/${String((object.metadata as JsonObject | undefined)?.name)}`;
  const apiVersion = String(object.apiVersion);
  const kind = String(object.kind);
  const validate = validators[`${apiVersion}/${kind}`];
  if (!validate) return [`${label}: ${apiVersion} ${kind} is not a kind deploy/ is expected to contain`];
  const problems: string[] = [];
  try {
    validate(object);
  } catch (error: unknown) {
    problems.push(`${label}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const model = modelNameFor(apiVersion, kind);
  if (!hasModel(model)) problems.push(`${label}: no client-node model ${model}`);
  else for (const field of unknownFields(object, model)) problems.push(`${label}: unknown field ${field}`);
  return problems;
}

// Typed views of the parts the tests look at; the schema checks above guarantee the shapes.
export interface Container {
  readonly name: string;
  readonly image?: string;
  readonly args?: readonly string[];
  readonly ports?: readonly { readonly name?: string; readonly containerPort: number }[];
  readonly env?: readonly EnvVar[];
  readonly envFrom?: readonly { readonly configMapRef?: { readonly name: string; readonly optional?: boolean }; readonly secretRef?: { readonly name: string } }[];
  readonly livenessProbe?: Probe;
  readonly readinessProbe?: Probe;
  readonly startupProbe?: Probe;
  readonly resources?: { readonly requests?: Record<string, string>; readonly limits?: Record<string, string> };
  readonly securityContext?: SecurityContext;
  readonly volumeMounts?: readonly { readonly name: string; readonly mountPath: string; readonly readOnly?: boolean }[];
}

export interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: { readonly secretKeyRef?: { readonly name: string; readonly key: string; readonly optional?: boolean } };
}

export interface Probe {
  readonly httpGet?: { readonly path: string; readonly port: number | string };
  readonly tcpSocket?: { readonly port: number | string };
}

export interface SecurityContext {
  readonly runAsNonRoot?: boolean;
  readonly runAsUser?: number;
  readonly allowPrivilegeEscalation?: boolean;
  readonly readOnlyRootFilesystem?: boolean;
  readonly privileged?: boolean;
  readonly capabilities?: { readonly drop?: readonly string[]; readonly add?: readonly string[] };
  readonly seccompProfile?: { readonly type: string };
}

export interface PodSpec {
  readonly serviceAccountName?: string;
  readonly securityContext?: SecurityContext & { readonly fsGroup?: number };
  readonly containers: readonly Container[];
  readonly initContainers?: readonly Container[];
  readonly volumes?: readonly { readonly name: string; readonly persistentVolumeClaim?: { readonly claimName: string }; readonly emptyDir?: object; readonly secret?: { readonly secretName: string } }[];
  readonly hostNetwork?: boolean;
  readonly hostPID?: boolean;
}

export interface DeploymentView {
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly spec: {
    readonly replicas?: number;
    readonly strategy?: { readonly type?: string; readonly rollingUpdate?: { readonly maxSurge?: number | string; readonly maxUnavailable?: number | string } };
    readonly selector: { readonly matchLabels?: Record<string, string> };
    readonly template: { readonly metadata?: { readonly labels?: Record<string, string> }; readonly spec: PodSpec };
  };
}

export interface RuleView {
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly resourceNames?: readonly string[];
  readonly verbs: readonly string[];
}

export function ofKind<T>(objects: readonly Rendered[], kind: string): T[] {
  return objects.filter((r) => r.object.kind === kind).map((r) => r.object as T);
}

// The caller names the view of an object that schemaProblems has validated.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
export function named<T>(objects: readonly Rendered[], kind: string, name: string): T {
  const found = objects.find((r) => r.object.kind === kind && isObject(r.object.metadata) && r.object.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} among the rendered objects`);
  return found.object as T;
}

/** The container port a probe or Service port refers to, by number or by name. */
export function resolvePort(container: Container, port: number | string | undefined): number | undefined {
  if (typeof port === "number") return port;
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

export function selects(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([key, value]) => labels?.[key] === value);
}
