/**
 * Validates HTTPRoute objects against the official Gateway API CRD (v1.6.1, standard channel):
 * the openAPIV3Schema of the `v1` and `v1beta1` versions, read from the shared reference data at
 * test time, compiled with ajv (Kubernetes `x-kubernetes-*` keywords ignored), plus the cheap
 * structural checks that the CRD expresses in CEL and ajv cannot run.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv, type ValidateFunction } from "ajv";
import { parse } from "yaml";

export const HTTPROUTE_CRD_PATH = fileURLToPath(new URL("../../../shared/reference/data/gateway-api-v1.6-standard-httproutes.crd.yaml", import.meta.url));

type Version = "v1" | "v1beta1";

let compiled: Record<Version, ValidateFunction> | undefined;

function validators(): Record<Version, ValidateFunction> {
  if (compiled !== undefined) return compiled;
  const crd = parse(readFileSync(HTTPROUTE_CRD_PATH, "utf8")) as {
    spec: { versions: { name: string; schema: { openAPIV3Schema: object } }[] };
  };
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const byName = (name: Version) => {
    const version = crd.spec.versions.find((v) => v.name === name);
    if (version === undefined) throw new Error(`the HTTPRoute CRD has no version ${name}`);
    return ajv.compile(version.schema.openAPIV3Schema);
  };
  compiled = { v1: byName("v1"), v1beta1: byName("v1beta1") };
  return compiled;
}

type Json = Record<string, any>;

const UNIQUE_FILTERS = ["CORS", "RequestHeaderModifier", "ResponseHeaderModifier", "RequestRedirect", "URLRewrite"];
const FILTER_FIELDS: Record<string, string> = {
  CORS: "cors",
  RequestHeaderModifier: "requestHeaderModifier",
  ResponseHeaderModifier: "responseHeaderModifier",
  RequestMirror: "requestMirror",
  RequestRedirect: "requestRedirect",
  URLRewrite: "urlRewrite",
  ExtensionRef: "extensionRef",
};

function checkFilters(filters: Json[] | undefined, where: string, errors: string[]): void {
  for (const type of UNIQUE_FILTERS) {
    if ((filters ?? []).filter((f) => f.type === type).length > 1) errors.push(`${where}.filters: ${type} filter cannot be repeated`);
  }
  (filters ?? []).forEach((f, i) => {
    for (const [type, field] of Object.entries(FILTER_FIELDS)) {
      if ((f[field] !== undefined) !== (f.type === type)) errors.push(`${where}.filters[${i}]: ${field} must be set exactly when type is ${type}`);
    }
  });
}

function checkServicePort(ref: Json, where: string, errors: string[]): void {
  if ((ref.group ?? "") === "" && (ref.kind ?? "Service") === "Service" && ref.port === undefined) errors.push(`${where}: Must have port for Service reference`);
}

/** CEL rules of the CRD that matter for generated routes, plus "weights of a split sum to 100". */
function structuralErrors(route: Json): string[] {
  const errors: string[] = [];
  const rules: Json[] = route.spec?.rules ?? [];
  let matches = 0;
  const names = new Set<string>();
  rules.forEach((rule, r) => {
    const where = `spec.rules[${r}]`;
    matches += (rule.matches as unknown[] | undefined ?? []).length;
    if (rule.name !== undefined) {
      if (names.has(rule.name)) errors.push(`${where}.name: Rule name must be unique within the route`);
      names.add(rule.name);
    }
    checkFilters(rule.filters, where, errors);
    const backendRefs: Json[] = rule.backendRefs ?? [];
    backendRefs.forEach((b, i) => {
      checkServicePort(b, `${where}.backendRefs[${i}]`, errors);
      checkFilters(b.filters, `${where}.backendRefs[${i}]`, errors);
    });
    for (const [i, f] of (rule.filters ?? []).entries()) {
      if (f.type === "RequestMirror") checkServicePort(f.requestMirror?.backendRef ?? {}, `${where}.filters[${i}].requestMirror.backendRef`, errors);
    }
    const prefixRewrite = (rule.filters ?? []).some((f: Json) => f.urlRewrite?.path?.type === "ReplacePrefixMatch");
    if (prefixRewrite && ((rule.matches ?? []).length !== 1 || rule.matches[0].path?.type !== "PathPrefix")) {
      errors.push(`${where}: When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified`);
    }
    for (const [i, m] of (rule.matches ?? []).entries()) {
      const p = m.path;
      if (p !== undefined && p.type !== "RegularExpression" && !String(p.value).startsWith("/")) errors.push(`${where}.matches[${i}].path.value: must be an absolute path`);
    }
    if (backendRefs.length > 1) {
      const weights = backendRefs.map((b): number => (typeof b.weight === "number" ? b.weight : 1));
      const sum = weights.reduce((s, w) => s + w, 0);
      if (sum !== 100) errors.push(`${where}.backendRefs: weights sum to ${sum}, not 100`);
    }
  });
  if (matches >= 128) errors.push("spec.rules: the total number of matches across all rules must be less than 128");
  return errors;
}

/** Errors for an HTTPRoute object (empty when valid); the version comes from its apiVersion. */
export function httpRouteErrors(route: unknown): string[] {
  const r = route as Json;
  const version = r.apiVersion === "gateway.networking.k8s.io/v1" ? "v1" : r.apiVersion === "gateway.networking.k8s.io/v1beta1" ? "v1beta1" : undefined;
  if (version === undefined) return [`apiVersion: ${String(r.apiVersion)} is not an HTTPRoute version of the CRD`];
  if (r.kind !== "HTTPRoute") return [`kind: ${String(r.kind)} is not HTTPRoute`];
  const validate = validators()[version];
  const errors: string[] = [];
  if (!validate(r)) {
    for (const e of validate.errors ?? []) errors.push(`${e.instancePath || "/"}: ${e.message ?? "invalid"} ${JSON.stringify(e.params)}`);
  }
  if (typeof r.metadata?.name !== "string" || r.metadata.name === "") errors.push("metadata.name: required");
  return [...errors, ...structuralErrors(r)];
}
