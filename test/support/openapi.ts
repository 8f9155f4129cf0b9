/**
 * Validates HTTP traffic against GitHub's published REST description (@octokit/openapi,
 * api.github.com), so mocked requests and responses in contract tests have the shapes GitHub
 * really accepts and returns.
 *
 * The non-dereferenced description is loaded once and registered with Ajv under the id
 * `github`; operation schemas have their `#/components/...` references rewritten to
 * `github#/components/...`, so shared component schemas resolve and are compiled only when
 * reached. Compiled validators are cached per (operation, status).
 *
 * Formats (date-time, uri, ...) are not checked: the format plugin is not a dependency of the
 * project, and GitHub's own examples use loose values for some of them.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ValidateFunction, type ErrorObject } from "ajv";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = Record<string, Json>;

export type HttpMethod = "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";

export interface Operation {
  readonly method: HttpMethod;
  readonly pathTemplate: string;
  readonly operationId: string;
  /** Path parameters decoded from the concrete path. */
  readonly params: Readonly<Record<string, string>>;
}

const SCHEMA_ID = "github";
const METHODS: readonly HttpMethod[] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

interface Loaded {
  readonly document: JsonObject;
  readonly paths: JsonObject;
  readonly ajv: Ajv;
  readonly matchers: readonly PathMatcher[];
}

interface PathMatcher {
  readonly template: string;
  readonly strict: RegExp;
  /** Last parameter may span slashes (`git/refs/{ref}` with `heads/main`, `contents/{path}`). */
  readonly greedy: RegExp;
  readonly names: readonly string[];
  readonly literalLength: number;
}

let loaded: Loaded | undefined;
const validators = new Map<string, ValidateFunction>();

function load(): Loaded {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const file = require.resolve("@octokit/openapi/generated/api.github.com.json");
  const document = JSON.parse(readFileSync(file, "utf8")) as JsonObject;
  const paths = asObject(document.paths, "paths");
  const components = asObject(document.components, "components");
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, validateSchema: false });
  ajv.addSchema({ $id: SCHEMA_ID, components: normalise(components, false) }, SCHEMA_ID, undefined, false);
  const matchers = Object.keys(paths).map(toMatcher);
  loaded = { document, paths, ajv, matchers };
  return loaded;
}

function toMatcher(template: string): PathMatcher {
  const names: string[] = [];
  let strict = "";
  let greedy = "";
  let literalLength = 0;
  const parts = template.split(/(\{[^}]+\})/);
  const lastParam = parts.reduce((last, part, index) => (part.startsWith("{") ? index : last), -1);
  parts.forEach((part, index) => {
    if (part.startsWith("{")) {
      names.push(part.slice(1, -1));
      strict += "([^/]+)";
      greedy += index === lastParam ? "(.+)" : "([^/]+)";
    } else {
      const escaped = part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      strict += escaped;
      greedy += escaped;
      literalLength += part.length;
    }
  });
  return { template, strict: new RegExp(`^${strict}$`), greedy: new RegExp(`^${greedy}$`), names, literalLength };
}

function asObject(value: Json | undefined, where: string): JsonObject {
  if (value === null || value === undefined || typeof value !== "object" || Array.isArray(value)) {
    throw new Error(`OpenAPI description: ${where} is not an object`);
  }
  return value;
}

function normaliseMethod(method: string): HttpMethod {
  const lower = method.toLowerCase();
  const found = METHODS.find((m) => m === lower);
  if (!found) throw new Error(`unknown HTTP method ${method}`);
  return found;
}

/**
 * Matches a concrete request path (query string and an `/api/v3` prefix ignored) to the
 * description's path template for that method. Templates with more literal text win, so
 * `/repos/{owner}/{repo}/pulls/{pull_number}/merge` beats a looser match. Returns undefined
 * when GitHub documents no such operation.
 */
export function operationFor(method: string, concretePath: string): Operation | undefined {
  const { paths, matchers } = load();
  const m = normaliseMethod(method);
  const path = (concretePath.split("?")[0] ?? "").replace(/^\/api\/v3(?=\/)/, "");
  let best: { matcher: PathMatcher; values: string[]; strict: boolean } | undefined;
  for (const matcher of matchers) {
    const item = paths[matcher.template];
    if (item === undefined || item === null || typeof item !== "object" || Array.isArray(item) || !(m in item)) continue;
    const strictMatch = matcher.strict.exec(path);
    const match = strictMatch ?? matcher.greedy.exec(path);
    if (!match) continue;
    const candidate = { matcher, values: match.slice(1), strict: strictMatch !== null };
    if (
      !best ||
      (candidate.strict && !best.strict) ||
      (candidate.strict === best.strict && matcher.literalLength > best.matcher.literalLength)
    ) {
      best = candidate;
    }
  }
  if (!best) return undefined;
  const op = asObject(asObject(paths[best.matcher.template], best.matcher.template)[m], `${m} ${best.matcher.template}`);
  const params: Record<string, string> = {};
  best.matcher.names.forEach((name, i) => {
    params[name] = decodeURIComponent(best.values[i] ?? "");
  });
  const operationId = typeof op.operationId === "string" ? op.operationId : `${m} ${best.matcher.template}`;
  return { method: m, pathTemplate: best.matcher.template, operationId, params };
}

/** Follows a `$ref` into components (responses, request bodies are referenced, not inlined). */
function deref(value: Json | undefined, document: JsonObject): Json | undefined {
  let current = value;
  for (let depth = 0; depth < 10; depth++) {
    if (current === null || current === undefined || typeof current !== "object" || Array.isArray(current)) return current;
    const ref = current.$ref;
    if (typeof ref !== "string") return current;
    let target: Json | undefined = document;
    for (const segment of ref.replace(/^#\//, "").split("/")) {
      const key = segment.replace(/~1/g, "/").replace(/~0/g, "~");
      target = target !== null && typeof target === "object" && !Array.isArray(target) ? target[key] : undefined;
    }
    current = target;
  }
  return current;
}

/**
 * OpenAPI 3.0 schema → JSON Schema for Ajv: `#/components/...` references point into the
 * registered description, and `nullable: true` becomes a union with null (Ajv only accepts
 * `nullable` next to `type`, GitHub's description also puts it next to `allOf`/`$ref`).
 */
function normalise(value: Json, rewrite: boolean): Json {
  if (Array.isArray(value)) return value.map((v) => normalise(v, rewrite));
  if (value === null || typeof value !== "object") return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === "nullable" && child === true) continue;
    out[key] = key === "$ref" && rewrite && typeof child === "string" && child.startsWith("#/") ? `${SCHEMA_ID}${child}` : normalise(child, rewrite);
  }
  if (value.nullable !== true) return out;
  const type = out.type;
  if (typeof type === "string") {
    out.type = [type, "null"];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
  }
  return { anyOf: [out, { type: "null" }] };
}

function operationObject(method: string, pathTemplate: string): { op: JsonObject; document: JsonObject } {
  const { paths, document } = load();
  const m = normaliseMethod(method);
  const item = paths[pathTemplate];
  if (item === undefined) throw new Error(`OpenAPI description has no path ${pathTemplate}`);
  const op = asObject(item, pathTemplate)[m];
  if (op === undefined) throw new Error(`OpenAPI description has no ${m.toUpperCase()} ${pathTemplate}`);
  return { op: asObject(op, `${m} ${pathTemplate}`), document };
}

function jsonSchemaOf(content: Json | undefined, document: JsonObject): Json | undefined {
  const resolved = deref(content, document);
  if (resolved === null || resolved === undefined || typeof resolved !== "object" || Array.isArray(resolved)) return undefined;
  const media = resolved["application/json"] ?? resolved["application/scim+json"] ?? Object.values(resolved)[0];
  if (media === null || media === undefined || typeof media !== "object" || Array.isArray(media)) return undefined;
  return media.schema;
}

function compile(key: string, schema: Json): ValidateFunction {
  const cached = validators.get(key);
  if (cached) return cached;
  const { ajv } = load();
  const rewritten = normalise(schema, true);
  const validate = ajv.compile(typeof rewritten === "object" && rewritten !== null && !Array.isArray(rewritten) ? rewritten : {});
  validators.set(key, validate);
  return validate;
}

function format(errors: readonly ErrorObject[] | null | undefined, where: string): string[] {
  return (errors ?? []).map((e) => {
    const at = e.instancePath === "" ? "(root)" : e.instancePath;
    const extra =
      e.keyword === "additionalProperties" ? ` (${String((e.params as { additionalProperty?: unknown }).additionalProperty)})`
      : e.keyword === "enum" ? ` (${JSON.stringify((e.params as { allowedValues?: unknown }).allowedValues)})`
      : "";
    return `${where}: ${at} ${e.message ?? e.keyword}${extra}`;
  });
}

/**
 * Errors in a JSON request body for `method pathTemplate`, as readable lines; empty when valid.
 * A body sent to an operation that takes none is an error, and so is a missing required body.
 */
export function validateRequestBody(method: string, pathTemplate: string, body: unknown): string[] {
  const { op, document } = operationObject(method, pathTemplate);
  const where = `${method.toUpperCase()} ${pathTemplate} request`;
  const requestBody = deref(op.requestBody, document);
  if (requestBody === undefined || requestBody === null || typeof requestBody !== "object" || Array.isArray(requestBody)) {
    return body === undefined || body === null || body === "" ? [] : [`${where}: operation takes no body`];
  }
  if (body === undefined) return requestBody.required === true ? [`${where}: body is required`] : [];
  const schema = jsonSchemaOf(requestBody.content, document);
  if (schema === undefined) return [];
  const validate = compile(`${method.toLowerCase()} ${pathTemplate} request`, schema);
  return validate(body) ? [] : format(validate.errors, where);
}

/**
 * Errors in a JSON response body for `method pathTemplate` with `status`, as readable lines;
 * empty when valid. A status GitHub does not document for the operation is an error (falls
 * back to the `default` response when one is described).
 */
export function validateResponse(method: string, pathTemplate: string, status: number, body: unknown): string[] {
  const { op, document } = operationObject(method, pathTemplate);
  const where = `${method.toUpperCase()} ${pathTemplate} ${String(status)} response`;
  const responses = asObject(op.responses, `${where} responses`);
  const response = deref(responses[String(status)] ?? responses.default, document);
  const documented = response !== undefined && response !== null && typeof response === "object" && !Array.isArray(response);
  if (!documented && status < 400) return [`${where}: status not documented (documented: ${Object.keys(responses).join(", ")})`];
  const schema = documented ? jsonSchemaOf(response.content, document) : undefined;
  if (schema === undefined) {
    if (body === undefined || body === null || body === "") return [];
    // GitHub answers any endpoint with 401/403/404/429/5xx (permissions, rate limits, outages)
    // without documenting each, or documents them without a body: such bodies must still be
    // GitHub's basic error shape.
    if (status < 400) return [`${where}: documented without a body`];
    const validate = compile("basic-error", { $ref: "#/components/schemas/basic-error" });
    return validate(body) ? [] : format(validate.errors, where);
  }
  const validate = compile(`${method.toLowerCase()} ${pathTemplate} ${String(status)}`, schema);
  return validate(body) ? [] : format(validate.errors, where);
}

/**
 * A copy of one of GitHub's own example payloads from the description (`components/examples`),
 * e.g. `pull-request`, `check-run`, `git-tree`: realistic shapes for mocked replies.
 */
export function openapiExample(name: string): any {
  const { document } = load();
  const examples = asObject(asObject(document.components, "components").examples, "components.examples");
  const example = examples[name];
  if (example === undefined || example === null || typeof example !== "object" || Array.isArray(example)) {
    throw new Error(`OpenAPI description has no example ${name}`);
  }
  return structuredClone(example.value);
}
