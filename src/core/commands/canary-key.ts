/**
 * How people and files name a Canary: `namespace/name`, or just `name` where the context (the
 * pull request that started a rollout) tells the namespace. Kubernetes rules: a namespace is a
 * DNS-1123 label, a name a DNS-1123 subdomain; neither may contain `/`.
 */
import { inlineCode } from "./inline-code.js";

export interface CanaryTarget {
  /** Absent when the person gave only a name. */
  readonly namespace?: string;
  readonly name: string;
}

const LABEL = "[a-z0-9](?:[-a-z0-9]*[a-z0-9])?";
const NAMESPACE = new RegExp(`^${LABEL}$`);
const NAME = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`);

export function isNamespace(text: string): boolean {
  return text.length <= 63 && NAMESPACE.test(text);
}

export function isCanaryName(text: string): boolean {
  return text.length <= 253 && NAME.test(text);
}

export type CanaryTargetParse =
  | { readonly ok: true; readonly target: CanaryTarget }
  | { readonly ok: false; readonly message: string };

/** Reads `name` or `namespace/name`; the message says what is wrong in words a person acts on. */
export function parseCanaryTarget(text: string): CanaryTargetParse {
  const parts = text.split("/");
  if (parts.length > 2) return { ok: false, message: `${inlineCode(text)} is not a Canary: write name or namespace/name` };
  const [first = "", second] = parts;
  if (second === undefined) {
    return isCanaryName(first)
      ? { ok: true, target: { name: first } }
      : { ok: false, message: `${inlineCode(text)} is not a Canary name (lower-case letters, digits, "-" and ".")` };
  }
  if (!isNamespace(first)) return { ok: false, message: `${inlineCode(first)} is not a namespace (lower-case letters, digits and "-")` };
  if (!isCanaryName(second)) return { ok: false, message: `${inlineCode(second)} is not a Canary name (lower-case letters, digits, "-" and ".")` };
  return { ok: true, target: { namespace: first, name: second } };
}

/** `namespace/name` when both parts are valid, else undefined. */
export function parseCanaryKey(text: string): string | undefined {
  const parsed = parseCanaryTarget(text);
  if (!parsed.ok || parsed.target.namespace === undefined) return undefined;
  return `${parsed.target.namespace}/${parsed.target.name}`;
}

export function formatCanaryTarget(target: CanaryTarget): string {
  return target.namespace === undefined ? target.name : `${target.namespace}/${target.name}`;
}
