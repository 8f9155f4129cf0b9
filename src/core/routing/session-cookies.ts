/**
 * Session-affinity cookie strings, as Flagger writes them (pkg/router/gateway_api.go):
 * `Set-Cookie: <name>=<value>; Max-Age=<n>[; Domain=…][; HttpOnly][; Partitioned][; Path=…]
 * [; SameSite=…][; Secure]` and the request match `Cookie` ~ `.*<name>.*<value>.*`.
 */
import type { SessionAffinity } from "../spec/model.js";
import type { HttpHeaderMatch } from "./http-route-types.js";

export const SET_COOKIE = "Set-Cookie";
export const COOKIE = "Cookie";

/** Splits `name=value` at the first `=`. */
export function splitCookie(cookie: string): { readonly name: string; readonly value: string } {
  const at = cookie.indexOf("=");
  return at < 0 ? { name: cookie, value: "" } : { name: cookie.slice(0, at), value: cookie.slice(at + 1) };
}

/**
 * Flagger does not escape the cookie name in the regex, so `a.b` also matches `aXb`; names and
 * values are escaped here (RE2 syntax, which Gateway implementations use).
 */
function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function cookieHeaderMatch(cookie: string): HttpHeaderMatch {
  const { name, value } = splitCookie(cookie);
  return { type: "RegularExpression", name: COOKIE, value: `.*${escapeRegex(name)}.*${escapeRegex(value)}.*` };
}

/** Reads `name=value` back from a regex written by `cookieHeaderMatch` (escaped or Flagger's plain form). */
export function cookieFromHeaderMatch(regex: string): string | undefined {
  const m = /^\.\*((?:\\.|[^\\])*?)\.\*((?:\\.|[^\\])*?)\.\*$/.exec(regex);
  if (m === null) return undefined;
  const unescape = (s: string): string => s.replace(/\\(.)/g, "$1");
  return `${unescape(m[1] ?? "")}=${unescape(m[2] ?? "")}`;
}

/** Attributes after Max-Age, in Flagger's order. */
function attributes(affinity: SessionAffinity): string {
  let out = "";
  if (affinity.domain !== undefined && affinity.domain !== "") out += `; Domain=${affinity.domain}`;
  if (affinity.httpOnly === true) out += "; HttpOnly";
  if (affinity.partitioned === true) out += "; Partitioned";
  if (affinity.path !== undefined && affinity.path !== "") out += `; Path=${affinity.path}`;
  if (affinity.sameSite !== undefined) out += `; SameSite=${affinity.sameSite}`;
  if (affinity.secure === true) out += "; Secure";
  return out;
}

export function setCookieValue(cookie: string, maxAge: number, affinity: SessionAffinity): string {
  return `${cookie}; Max-Age=${maxAge}${attributes(affinity)}`;
}

/** The cookie part (`name=value`) of a Set-Cookie value. */
export function cookieOfSetCookie(value: string): string {
  const at = value.indexOf(";");
  return (at < 0 ? value : value.slice(0, at)).trim();
}

export function isExpiringSetCookie(value: string): boolean {
  return /;\s*Max-Age=-1(;|$)/i.test(value);
}
