/**
 * A small Kubernetes API server on 127.0.0.1 for contract tests of the Kubernetes adapter
 * (no kube-apiserver can run here). It keeps objects by group/resource/namespace/name with the
 * semantics the adapter relies on:
 * - `metadata.resourceVersion` from one global counter, bumped on every write that changes the
 *   object (no-op writes keep it, as etcd-backed servers do);
 * - `metadata.generation` bumped when anything but metadata (and status, for resources with a
 *   status subresource) changes;
 * - a status subresource: writes to the object keep status, writes to `/status` change only status;
 * - GET, LIST (namespace or all namespaces, `labelSelector` equality), POST, PUT with
 *   resourceVersion preconditions (409 Conflict), PATCH (merge, JSON, strategic approximated as
 *   merge for built-in types, apply as a create-or-merge), DELETE;
 * - discovery (`/api`, `/apis`, `/api/v1`, `/apis/<group>/<version>`), bearer-token auth (401),
 *   RBAC denials (403) and injected failures (5xx), all answered with `Status` objects shaped like
 *   the real server's.
 * Helpers let tests act as controllers (set status directly) and inspect every call.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parse as parseYaml } from "yaml";

export type KubeObject = Record<string, unknown> & {
  apiVersion?: string;
  kind?: string;
  metadata?: Record<string, unknown>;
};

export interface FakeResourceType {
  /** `""` for the core group. */
  readonly group: string;
  /** Served versions; the first is the storage version. */
  readonly versions: readonly string[];
  /** Plural resource name, as in URLs. */
  readonly resource: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly statusSubresource: boolean;
  readonly tracksGeneration: boolean;
  /** Custom resources: no strategic merge patch, and updates must carry a resourceVersion. */
  readonly custom: boolean;
}

export const defaultResourceTypes: readonly FakeResourceType[] = [
  { group: "", versions: ["v1"], resource: "secrets", kind: "Secret", namespaced: true, statusSubresource: false, tracksGeneration: false, custom: false },
  { group: "", versions: ["v1"], resource: "configmaps", kind: "ConfigMap", namespaced: true, statusSubresource: false, tracksGeneration: false, custom: false },
  { group: "", versions: ["v1"], resource: "services", kind: "Service", namespaced: true, statusSubresource: true, tracksGeneration: false, custom: false },
  { group: "apps", versions: ["v1"], resource: "deployments", kind: "Deployment", namespaced: true, statusSubresource: true, tracksGeneration: true, custom: false },
  { group: "gateway.networking.k8s.io", versions: ["v1", "v1beta1"], resource: "httproutes", kind: "HTTPRoute", namespaced: true, statusSubresource: true, tracksGeneration: true, custom: true },
  { group: "kustomize.toolkit.fluxcd.io", versions: ["v1"], resource: "kustomizations", kind: "Kustomization", namespaced: true, statusSubresource: true, tracksGeneration: true, custom: true },
  { group: "source.toolkit.fluxcd.io", versions: ["v1"], resource: "gitrepositories", kind: "GitRepository", namespaced: true, statusSubresource: true, tracksGeneration: true, custom: true },
  { group: "source.toolkit.fluxcd.io", versions: ["v1"], resource: "ocirepositories", kind: "OCIRepository", namespaced: true, statusSubresource: true, tracksGeneration: true, custom: true },
  // Argo CD's Application CRD has no status subresource: the controller writes the whole object.
  { group: "argoproj.io", versions: ["v1alpha1"], resource: "applications", kind: "Application", namespaced: true, statusSubresource: false, tracksGeneration: true, custom: true },
];

export interface RecordedCall {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly contentType: string | undefined;
  readonly body: string;
  readonly authorization: string | undefined;
  readonly status: number;
}

export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

/** Deny a request the way RBAC does; unset fields match anything. */
export interface DenyRule {
  readonly verb?: string;
  readonly group?: string;
  /** Plural resource, with `/status` for the subresource. */
  readonly resource?: string;
  readonly namespace?: string;
}

export interface FakeKubeApiServerOptions {
  readonly token?: string;
  readonly types?: readonly FakeResourceType[];
  /** The user named in 403 messages. */
  readonly user?: string;
}

interface Stored {
  readonly type: FakeResourceType;
  object: KubeObject;
}

interface Target {
  readonly type: FakeResourceType;
  readonly version: string;
  readonly namespace: string | undefined;
  readonly name: string | undefined;
  readonly subresource: string | undefined;
}

class HttpStatus extends Error {
  readonly code: number;
  readonly reason: string;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: number, reason: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.details = details;
  }
}

export class FakeKubeApiServer {
  readonly url: string;
  readonly token: string;
  readonly calls: RecordedCall[] = [];
  private readonly server: Server;
  private readonly types: readonly FakeResourceType[];
  private readonly user: string;
  private readonly objects = new Map<string, Stored>();
  private readonly denials: DenyRule[] = [];
  private failures: { code: number; remaining: number; message: string } | undefined;
  private revision = 100;

  private constructor(server: Server, url: string, options: FakeKubeApiServerOptions) {
    this.server = server;
    this.url = url;
    this.token = options.token ?? "fake-token";
    this.types = options.types ?? defaultResourceTypes;
    this.user = options.user ?? "system:serviceaccount:canary-bot:canary-bot";
  }

  static async start(options: FakeKubeApiServerOptions = {}): Promise<FakeKubeApiServer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const instance = new FakeKubeApiServer(server, `http://127.0.0.1:${port}`, options);
    server.on("request", (req: IncomingMessage, res: ServerResponse) => {
      void instance.handle(req, res);
    });
    return instance;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => { resolve(); }));
  }

  /**
   * A kubeconfig for this server. Plain HTTP needs `insecure-skip-tls-verify: true`, or
   * client-node refuses to connect.
   */
  kubeconfig(options: { token?: string; namespace?: string; cluster?: string } = {}): string {
    const cluster = options.cluster ?? "fake";
    const tokenLine = options.token === "" ? "{}" : `{ token: "${options.token ?? this.token}" }`;
    return [
      "apiVersion: v1",
      "kind: Config",
      "clusters:",
      `- name: ${cluster}`,
      "  cluster:",
      `    server: ${this.url}`,
      "    insecure-skip-tls-verify: true",
      "users:",
      "- name: bot",
      `  user: ${tokenLine}`,
      "contexts:",
      `- name: ${cluster}`,
      `  context: { cluster: ${cluster}, user: bot, namespace: ${options.namespace ?? "default"} }`,
      `current-context: ${cluster}`,
      "",
    ].join("\n");
  }

  // ---- helpers for tests (they act as the GitOps tool and the controllers) -------------------

  /**
   * Create or replace an object, as a GitOps tool's apply would, with server-managed metadata.
   * A given `status` is stored as is; without one, an existing object keeps its status.
   */
  seed(object: KubeObject): KubeObject {
    const type = this.typeOfObject(object);
    const meta = object.metadata ?? {};
    const name = stringField(meta, "name");
    const namespace = type.namespaced ? (stringField(meta, "namespace") || "default") : undefined;
    const key = this.key(type, namespace, name);
    const current = this.objects.get(key);
    const next = structuredClone(object);
    next.metadata = { ...meta, name, ...(namespace === undefined ? {} : { namespace }) };
    if (next.status === undefined && current?.object.status !== undefined) next.status = structuredClone(current.object.status);
    this.commit(type, key, current?.object, next, "all");
    return this.get(refOf(next))!;
  }

  get(ref: ObjectRef): KubeObject | undefined {
    const type = this.typeOf(ref.apiVersion, ref.kind);
    const stored = this.objects.get(this.key(type, type.namespaced ? ref.namespace ?? "default" : undefined, ref.name));
    return stored === undefined ? undefined : this.present(stored, versionOf(ref.apiVersion));
  }

  /** What a controller does: replace `.status` (through the status subresource when there is one). */
  setStatus(ref: ObjectRef, status: unknown): KubeObject {
    return this.mutate(ref, (object) => {
      object.status = structuredClone(status);
    });
  }

  /** Change an object in place (spec edits bump the generation like any write). */
  mutate(ref: ObjectRef, change: (object: KubeObject) => void): KubeObject {
    const type = this.typeOf(ref.apiVersion, ref.kind);
    const namespace = type.namespaced ? ref.namespace ?? "default" : undefined;
    const key = this.key(type, namespace, ref.name);
    const current = this.objects.get(key);
    if (current === undefined) throw new Error(`fake apiserver: no ${ref.kind} ${namespace ?? ""}/${ref.name}`);
    const next = structuredClone(current.object);
    change(next);
    this.commit(type, key, current.object, next, "all");
    return this.get(ref)!;
  }

  delete(ref: ObjectRef): void {
    const type = this.typeOf(ref.apiVersion, ref.kind);
    this.objects.delete(this.key(type, type.namespaced ? ref.namespace ?? "default" : undefined, ref.name));
  }

  deny(rule: DenyRule): void {
    this.denials.push(rule);
  }

  allowAll(): void {
    this.denials.length = 0;
  }

  /** Forget all objects, denials, injected failures and calls (the revision counter keeps rising). */
  reset(): void {
    this.objects.clear();
    this.denials.length = 0;
    this.failures = undefined;
    this.calls.length = 0;
  }

  /** Answer the next `count` requests with `code` (e.g. 503) before doing anything else. */
  failNext(code: number, count = 1, message = "the server is currently unable to handle the request"): void {
    this.failures = { code, remaining: count, message };
  }

  callsTo(method: string, pathPrefix: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && c.path.startsWith(pathPrefix));
  }

  clearCalls(): void {
    this.calls.length = 0;
  }

  // ---- HTTP ------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? "/", "http://fake");
    const method = req.method ?? "GET";
    let status = 500;
    const reply = (code: number, payload: unknown): void => {
      status = code;
      res.writeHead(code, { "content-type": "application/json" });
      res.end(JSON.stringify(payload));
    };
    try {
      const result = this.route(method, url, req.headers, body);
      reply(result.code, result.body);
    } catch (error: unknown) {
      if (error instanceof HttpStatus) {
        reply(error.code, statusObject(error));
      } else {
        reply(500, statusObject(new HttpStatus(500, "InternalError", error instanceof Error ? error.message : String(error))));
      }
    } finally {
      this.calls.push({
        method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        contentType: req.headers["content-type"],
        body,
        authorization: req.headers.authorization,
        status,
      });
    }
  }

  private route(
    method: string,
    url: URL,
    headers: IncomingMessage["headers"],
    body: string,
  ): { code: number; body: unknown } {
    if (this.failures !== undefined && this.failures.remaining > 0) {
      this.failures.remaining -= 1;
      const reason = this.failures.code === 503 ? "ServiceUnavailable" : "InternalError";
      throw new HttpStatus(this.failures.code, reason, this.failures.message);
    }
    if (headers.authorization !== `Bearer ${this.token}`) {
      throw new HttpStatus(401, "Unauthorized", "Unauthorized");
    }
    const segments = url.pathname.split("/").filter((s) => s !== "");
    const discovery = this.discovery(segments);
    if (discovery !== undefined) {
      if (method !== "GET") throw new HttpStatus(405, "MethodNotAllowed", `the server does not allow this method on the requested resource`);
      return { code: 200, body: discovery };
    }
    const target = this.target(segments);
    const verb = verbOf(method, target);
    this.authorize(verb, target);
    switch (verb) {
      case "get":
        return { code: 200, body: this.present(this.existing(target), target.version) };
      case "list":
        return { code: 200, body: this.list(target, url.searchParams.get("labelSelector")) };
      case "create":
        return { code: 201, body: this.create(target, parseJson(body)) };
      case "update":
        return this.update(target, parseJson(body));
      case "patch":
        return this.patch(target, headers["content-type"], body, url.searchParams);
      case "delete": {
        const stored = this.existing(target);
        this.objects.delete(this.key(target.type, target.namespace, target.name ?? ""));
        return { code: 200, body: this.present(stored, target.version) };
      }
    }
  }

  private discovery(segments: readonly string[]): unknown {
    const [root, a, b, ...rest] = segments;
    if (segments.length === 1 && root === "version") {
      return { major: "1", minor: "33", gitVersion: "v1.33.0-fake", platform: "linux/amd64" };
    }
    if (root === "api" && a === undefined) {
      return { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [] };
    }
    if (root === "api" && a !== undefined && b === undefined) return this.resourceList("", a);
    if (root === "apis" && a === undefined) {
      return { kind: "APIGroupList", apiVersion: "v1", groups: this.groups().map((g) => groupObject(g, this.types)) };
    }
    if (root === "apis" && a !== undefined && b === undefined) {
      if (!this.groups().includes(a)) throw notFoundPath();
      return { kind: "APIGroup", apiVersion: "v1", ...groupObject(a, this.types) };
    }
    if (root === "apis" && a !== undefined && b !== undefined && rest.length === 0) return this.resourceList(a, b);
    return undefined;
  }

  private resourceList(group: string, version: string): unknown {
    const types = this.types.filter((t) => t.group === group && t.versions.includes(version));
    if (types.length === 0) throw notFoundPath();
    const verbs = ["create", "delete", "get", "list", "patch", "update"];
    return {
      kind: "APIResourceList",
      apiVersion: "v1",
      groupVersion: group === "" ? version : `${group}/${version}`,
      resources: types.flatMap((t) => [
        { name: t.resource, singularName: t.kind.toLowerCase(), namespaced: t.namespaced, kind: t.kind, verbs },
        ...(t.statusSubresource
          ? [{ name: `${t.resource}/status`, singularName: "", namespaced: t.namespaced, kind: t.kind, verbs: ["get", "patch", "update"] }]
          : []),
      ]),
    };
  }

  private target(segments: readonly string[]): Target {
    let group: string;
    let version: string | undefined;
    let rest: readonly string[];
    if (segments[0] === "api") {
      group = "";
      version = segments[1];
      rest = segments.slice(2);
    } else if (segments[0] === "apis") {
      group = segments[1] ?? "";
      version = segments[2];
      rest = segments.slice(3);
    } else {
      throw notFoundPath();
    }
    let namespace: string | undefined;
    if (rest[0] === "namespaces" && rest.length >= 3) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
    const [resource, name, subresource, ...extra] = rest;
    const type = this.types.find((t) => t.group === group && t.resource === resource && version !== undefined && t.versions.includes(version));
    if (type === undefined || version === undefined || extra.length > 0) throw notFoundPath();
    if (name !== undefined && type.namespaced !== (namespace !== undefined)) throw notFoundPath();
    if (subresource !== undefined && !(subresource === "status" && type.statusSubresource)) throw notFoundPath();
    return { type, version, namespace, name, subresource };
  }

  private authorize(verb: string, target: Target): void {
    const resource = target.subresource === undefined ? target.type.resource : `${target.type.resource}/${target.subresource}`;
    const denied = this.denials.some(
      (rule) =>
        (rule.verb === undefined || rule.verb === verb) &&
        (rule.group === undefined || rule.group === target.type.group) &&
        (rule.resource === undefined || rule.resource === resource) &&
        (rule.namespace === undefined || rule.namespace === target.namespace),
    );
    if (!denied) return;
    const what = target.name === undefined ? qualified(target.type) : `${qualified(target.type)} "${target.name}"`;
    const scope = target.namespace === undefined ? "at the cluster scope" : `in the namespace "${target.namespace}"`;
    throw new HttpStatus(
      403,
      "Forbidden",
      `${what} is forbidden: User "${this.user}" cannot ${verb} resource "${resource}" in API group "${target.type.group}" ${scope}`,
      { ...(target.name === undefined ? {} : { name: target.name }), ...(target.type.group === "" ? {} : { group: target.type.group }), kind: target.type.resource },
    );
  }

  private existing(target: Target): Stored {
    const stored = this.objects.get(this.key(target.type, target.namespace, target.name ?? ""));
    if (stored === undefined) throw notFound(target.type, target.name ?? "");
    return stored;
  }

  private list(target: Target, labelSelector: string | null): unknown {
    const wanted = parseSelector(labelSelector);
    const items = [...this.objects.values()]
      .filter((s) => s.type === target.type)
      .filter((s) => target.namespace === undefined || s.object.metadata?.namespace === target.namespace)
      .filter((s) => {
        const labels = (s.object.metadata?.labels ?? {}) as Record<string, unknown>;
        return wanted.every(([k, v]) => labels[k] === v);
      })
      .sort((x, y) => objectKey(x.object).localeCompare(objectKey(y.object)))
      .map((s) => this.present(s, target.version));
    return {
      apiVersion: apiVersionOf(target.type.group, target.version),
      kind: `${target.type.kind}List`,
      metadata: { resourceVersion: String(this.revision) },
      items,
    };
  }

  private create(target: Target, object: KubeObject): KubeObject {
    if (target.name !== undefined) throw new HttpStatus(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
    const meta = object.metadata ?? {};
    const name = stringField(meta, "name");
    if (name === "") throw invalid(target.type, "", "metadata.name: Required value: name or generateName is required");
    const bodyNamespace = stringField(meta, "namespace");
    if (target.namespace !== undefined && bodyNamespace !== "" && bodyNamespace !== target.namespace) {
      throw new HttpStatus(400, "BadRequest", "the namespace of the provided object does not match the namespace sent on the request");
    }
    const key = this.key(target.type, target.namespace, name);
    if (this.objects.has(key)) {
      throw new HttpStatus(409, "AlreadyExists", `${qualified(target.type)} "${name}" already exists`, detailsOf(target.type, name));
    }
    const next = structuredClone(object);
    next.metadata = { ...meta, name, ...(target.namespace === undefined ? {} : { namespace: target.namespace }) };
    if (target.type.statusSubresource) delete next.status;
    this.commit(target.type, key, undefined, next, "all");
    return this.present(this.objects.get(key)!, target.version);
  }

  private update(target: Target, object: KubeObject): { code: number; body: unknown } {
    const stored = this.existing(target);
    const name = target.name ?? "";
    const meta = object.metadata ?? {};
    if (stringField(meta, "name") !== name) {
      throw new HttpStatus(400, "BadRequest", "the name of the object does not match the name on the URL");
    }
    const expected = stringField(meta, "resourceVersion");
    if (expected === "" && target.type.custom) {
      throw invalid(target.type, name, "metadata.resourceVersion: Invalid value: 0x0: must be specified for an update");
    }
    this.precondition(target.type, name, stored, expected);
    return { code: 200, body: this.write(target, stored, structuredClone(object)) };
  }

  private patch(
    target: Target,
    contentType: string | undefined,
    body: string,
    query: URLSearchParams,
  ): { code: number; body: unknown } {
    const name = target.name ?? "";
    const type = (contentType ?? "").split(";")[0]?.trim() ?? "";
    const key = this.key(target.type, target.namespace, name);
    const stored = this.objects.get(key);
    switch (type) {
      case "application/merge-patch+json":
      case "application/strategic-merge-patch+json": {
        if (type === "application/strategic-merge-patch+json" && target.type.custom) throw unsupportedPatch();
        if (stored === undefined) throw notFound(target.type, name);
        const patch = parseJson(body);
        this.precondition(target.type, name, stored, resourceVersionIn(patch));
        return { code: 200, body: this.write(target, stored, mergePatch(structuredClone(stored.object), patch) as KubeObject) };
      }
      case "application/json-patch+json": {
        if (stored === undefined) throw notFound(target.type, name);
        const operations = parseJson(body);
        if (!Array.isArray(operations)) throw new HttpStatus(400, "BadRequest", "json patch must be an array of operations");
        const next = jsonPatch(structuredClone(stored.object), operations, target.type, name);
        return { code: 200, body: this.write(target, stored, next) };
      }
      case "application/apply-patch+yaml": {
        if ((query.get("fieldManager") ?? "") === "") {
          throw invalid(target.type, name, "fieldManager: Required value: is required for apply patch");
        }
        const applied = parseYaml(body) as KubeObject;
        if (stored === undefined) {
          return { code: 201, body: this.create({ ...target, name: undefined }, applied) };
        }
        this.precondition(target.type, name, stored, resourceVersionIn(applied));
        return { code: 200, body: this.write(target, stored, mergePatch(structuredClone(stored.object), applied) as KubeObject) };
      }
      default:
        throw unsupportedPatch();
    }
  }

  private precondition(type: FakeResourceType, name: string, stored: Stored, expected: string): void {
    if (expected !== "" && expected !== stringField(stored.object.metadata ?? {}, "resourceVersion")) {
      throw new HttpStatus(
        409,
        "Conflict",
        `Operation cannot be fulfilled on ${qualified(type)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
        detailsOf(type, name),
      );
    }
  }

  /** A write through the API: the main resource keeps status, `/status` changes only status. */
  private write(target: Target, stored: Stored, proposed: KubeObject): KubeObject {
    const key = this.key(target.type, target.namespace, target.name ?? "");
    this.commit(target.type, key, stored.object, proposed, target.subresource === "status" ? "status" : "main");
    return this.present(this.objects.get(key)!, target.version);
  }

  /**
   * Store `proposed` over `current` with server-managed fields: name, namespace, uid and
   * creationTimestamp are kept; resourceVersion and generation move only when the content did.
   */
  private commit(
    type: FakeResourceType,
    key: string,
    current: KubeObject | undefined,
    proposed: KubeObject,
    scope: "all" | "main" | "status",
  ): void {
    const next = structuredClone(proposed);
    if (current !== undefined && type.statusSubresource) {
      if (scope === "main") next.status = structuredClone(current.status);
      if (scope === "status") {
        const status = next.status;
        for (const k of Object.keys(next)) Reflect.deleteProperty(next, k);
        Object.assign(next, structuredClone(current), { status });
      }
    }
    if (next.status === undefined) delete next.status;
    const currentMeta = current?.metadata ?? {};
    const meta: Record<string, unknown> = { ...(next.metadata ?? {}) };
    meta.name = current === undefined ? meta.name : currentMeta.name;
    if (type.namespaced) meta.namespace = current === undefined ? meta.namespace : currentMeta.namespace;
    meta.uid = currentMeta.uid ?? randomUUID();
    meta.creationTimestamp = currentMeta.creationTimestamp ?? new Date().toISOString().replace(/\.\d+Z$/, "Z");
    delete meta.resourceVersion;
    delete meta.generation;
    next.metadata = meta;
    next.apiVersion = apiVersionOf(type.group, type.versions[0] ?? "v1");
    next.kind = type.kind;

    if (current !== undefined && canonical(withoutServerFields(current)) === canonical(withoutServerFields(next))) return;

    let generation = typeof currentMeta.generation === "number" ? currentMeta.generation : 0;
    if (type.tracksGeneration) {
      const ignored = type.statusSubresource ? ["metadata", "status"] : ["metadata"];
      if (current === undefined || canonical(omit(current, ignored)) !== canonical(omit(next, ignored))) generation += 1;
      meta.generation = generation;
    }
    this.revision += 1;
    meta.resourceVersion = String(this.revision);
    this.objects.set(key, { type, object: next });
  }

  private present(stored: Stored, version: string): KubeObject {
    const copy = structuredClone(stored.object);
    copy.apiVersion = apiVersionOf(stored.type.group, version);
    return copy;
  }

  private groups(): string[] {
    return [...new Set(this.types.map((t) => t.group).filter((g) => g !== ""))];
  }

  private typeOf(apiVersion: string, kind: string): FakeResourceType {
    const slash = apiVersion.indexOf("/");
    const group = slash === -1 ? "" : apiVersion.slice(0, slash);
    const type = this.types.find((t) => t.group === group && t.kind === kind && t.versions.includes(versionOf(apiVersion)));
    if (type === undefined) throw new Error(`fake apiserver: unknown type ${apiVersion} ${kind}`);
    return type;
  }

  private typeOfObject(object: KubeObject): FakeResourceType {
    return this.typeOf(object.apiVersion ?? "", object.kind ?? "");
  }

  private key(type: FakeResourceType, namespace: string | undefined, name: string): string {
    return `${type.group}|${type.resource}|${namespace ?? ""}|${name}`;
  }
}

// ---- patches -----------------------------------------------------------------------------------

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return structuredClone(patch);
  const result: Record<string, unknown> = isRecord(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) Reflect.deleteProperty(result, key);
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/** RFC 6902 JSON patch: add, remove, replace, move, copy, test. */
function jsonPatch(document: KubeObject, operations: unknown[], type: FakeResourceType, name: string): KubeObject {
  let doc: unknown = document;
  for (const raw of operations) {
    if (!isRecord(raw) || typeof raw.op !== "string" || typeof raw.path !== "string") {
      throw new HttpStatus(400, "BadRequest", "json patch operation must have string op and path");
    }
    const { op, path } = raw;
    const fail = (why: string): never => {
      throw invalid(type, name, `json patch ${op} operation on ${path}: ${why}`);
    };
    switch (op) {
      case "add":
        doc = pointerSet(doc, path, structuredClone(raw.value), "add", fail);
        break;
      case "replace":
        doc = pointerSet(doc, path, structuredClone(raw.value), "replace", fail);
        break;
      case "remove":
        doc = pointerRemove(doc, path, fail);
        break;
      case "copy":
      case "move": {
        if (typeof raw.from !== "string") fail("missing from");
        const from = raw.from as string;
        const value = structuredClone(pointerGet(doc, from, fail));
        if (op === "move") doc = pointerRemove(doc, from, fail);
        doc = pointerSet(doc, path, value, "add", fail);
        break;
      }
      case "test":
        if (canonical(pointerGet(doc, path, fail)) !== canonical(raw.value)) fail("testing value failed");
        break;
      default:
        fail("unknown operation");
    }
  }
  return doc as KubeObject;
}

function tokens(path: string): string[] {
  if (path === "") return [];
  if (!path.startsWith("/")) throw new HttpStatus(400, "BadRequest", `invalid JSON pointer ${path}`);
  return path
    .slice(1)
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function pointerGet(doc: unknown, path: string, fail: (why: string) => never): unknown {
  let node = doc;
  for (const token of tokens(path)) {
    if (Array.isArray(node)) node = node[Number(token)];
    else if (isRecord(node)) node = node[token];
    else fail("path does not exist");
    if (node === undefined) fail("path does not exist");
  }
  return node;
}

function pointerSet(doc: unknown, path: string, value: unknown, mode: "add" | "replace", fail: (why: string) => never): unknown {
  const parts = tokens(path);
  const last = parts.pop();
  if (last === undefined) return value;
  const parent = pointerGet(doc, parts.length === 0 ? "" : `/${parts.join("/")}`, fail);
  if (Array.isArray(parent)) {
    const index = last === "-" ? parent.length : Number(last);
    if (!Number.isInteger(index) || index < 0 || index > parent.length) fail("array index out of range");
    if (mode === "add") parent.splice(index, 0, value);
    else if (index >= parent.length) fail("array index out of range");
    else parent[index] = value;
  } else if (isRecord(parent)) {
    if (mode === "replace" && !(last in parent)) fail("path does not exist");
    parent[last] = value;
  } else {
    fail("parent is not a container");
  }
  return doc;
}

function pointerRemove(doc: unknown, path: string, fail: (why: string) => never): unknown {
  const parts = tokens(path);
  const last = parts.pop();
  if (last === undefined) fail("cannot remove the document");
  const parent = pointerGet(doc, parts.length === 0 ? "" : `/${parts.join("/")}`, fail);
  if (Array.isArray(parent)) {
    const index = Number(last);
    if (!Number.isInteger(index) || index < 0 || index >= parent.length) fail("array index out of range");
    parent.splice(index, 1);
  } else if (isRecord(parent) && last in parent) {
    Reflect.deleteProperty(parent, last);
  } else {
    fail("path does not exist");
  }
  return doc;
}

// ---- small helpers -------------------------------------------------------------------------------

function verbOf(method: string, target: Target): "get" | "list" | "create" | "update" | "patch" | "delete" {
  const named = target.name !== undefined;
  switch (method) {
    case "GET":
      return named ? "get" : "list";
    case "POST":
      if (named) break;
      return "create";
    case "PUT":
      if (!named) break;
      return "update";
    case "PATCH":
      if (!named) break;
      return "patch";
    case "DELETE":
      if (!named) break;
      return "delete";
    default:
      break;
  }
  throw new HttpStatus(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
}

function statusObject(error: HttpStatus): unknown {
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message: error.message,
    reason: error.reason,
    ...(error.details === undefined ? {} : { details: error.details }),
    code: error.code,
  };
}

function notFound(type: FakeResourceType, name: string): HttpStatus {
  return new HttpStatus(404, "NotFound", `${qualified(type)} "${name}" not found`, detailsOf(type, name));
}

function notFoundPath(): HttpStatus {
  return new HttpStatus(404, "NotFound", "the server could not find the requested resource", {});
}

function invalid(type: FakeResourceType, name: string, message: string): HttpStatus {
  return new HttpStatus(422, "Invalid", `${type.kind} "${name}" is invalid: ${message}`, detailsOf(type, name));
}

function unsupportedPatch(): HttpStatus {
  return new HttpStatus(
    415,
    "UnsupportedMediaType",
    "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml",
  );
}

function detailsOf(type: FakeResourceType, name: string): Record<string, unknown> {
  return { name, ...(type.group === "" ? {} : { group: type.group }), kind: type.resource };
}

function qualified(type: FakeResourceType): string {
  return type.group === "" ? type.resource : `${type.resource}.${type.group}`;
}

function groupObject(group: string, types: readonly FakeResourceType[]): Record<string, unknown> {
  const versions = [...new Set(types.filter((t) => t.group === group).flatMap((t) => t.versions))];
  const list = versions.map((version) => ({ groupVersion: `${group}/${version}`, version }));
  return { name: group, versions: list, preferredVersion: list[0] };
}

function apiVersionOf(group: string, version: string): string {
  return group === "" ? version : `${group}/${version}`;
}

function versionOf(apiVersion: string): string {
  return apiVersion.slice(apiVersion.indexOf("/") + 1);
}

function refOf(object: KubeObject): ObjectRef {
  const meta = object.metadata ?? {};
  const namespace = stringField(meta, "namespace");
  return {
    apiVersion: object.apiVersion ?? "",
    kind: object.kind ?? "",
    name: stringField(meta, "name"),
    ...(namespace === "" ? {} : { namespace }),
  };
}

function objectKey(object: KubeObject): string {
  const meta = object.metadata ?? {};
  return `${stringField(meta, "namespace")}/${stringField(meta, "name")}`;
}

function stringField(record: Record<string, unknown>, key: string): string {
  const value = record[key];
  return typeof value === "string" ? value : "";
}

function resourceVersionIn(patch: unknown): string {
  if (!isRecord(patch) || !isRecord(patch.metadata)) return "";
  return stringField(patch.metadata, "resourceVersion");
}

function parseSelector(selector: string | null): [string, string][] {
  if (selector === null || selector === "") return [];
  return selector.split(",").map((term) => {
    const [k, v] = term.split(/==?/);
    return [k?.trim() ?? "", v?.trim() ?? ""];
  });
}

function parseJson(body: string): KubeObject {
  try {
    return JSON.parse(body) as KubeObject;
  } catch {
    throw new HttpStatus(400, "BadRequest", "the request body is not valid JSON");
  }
}

function withoutServerFields(object: KubeObject): unknown {
  const meta = { ...(object.metadata ?? {}) };
  delete meta.resourceVersion;
  delete meta.generation;
  return { ...object, metadata: meta };
}

function omit(object: KubeObject, keys: readonly string[]): unknown {
  return Object.fromEntries(Object.entries(object).filter(([k]) => !keys.includes(k)));
}

/** JSON with sorted keys, so comparisons ignore key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isRecord(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
