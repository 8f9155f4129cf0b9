import { createPublicKey, verify, type KeyObject } from "node:crypto";
import type { AppRecord } from "../state/records.js";

export type JwtCheck = { readonly ok: true } | { readonly ok: false; readonly status: 401 | 404; readonly message: string };

function decodeJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token);
}

const publicKeys = new WeakMap<AppRecord, KeyObject>();

function publicKeyOf(app: AppRecord): KeyObject {
  let key = publicKeys.get(app);
  if (!key) {
    key = createPublicKey(app.privateKey);
    publicKeys.set(app, key);
  }
  return key;
}

/**
 * Checks an app JWT the way GitHub does: RS256 signed by the app's registered key, `iss` is the
 * app id (or client id), `exp` in the future and at most ten minutes after `iat`. The messages
 * are GitHub's.
 */
export function verifyAppJwt(token: string, app: AppRecord, nowSeconds: number): JwtCheck {
  const [headerPart = "", payloadPart = "", signaturePart = ""] = token.split(".");
  const header = decodeJson(headerPart);
  const payload = decodeJson(payloadPart);
  if (typeof header !== "object" || header === null || typeof payload !== "object" || payload === null) {
    return { ok: false, status: 401, message: "A JSON web token could not be decoded" };
  }
  if ((header as { alg?: unknown }).alg !== "RS256") {
    return { ok: false, status: 401, message: "A JSON web token could not be decoded" };
  }
  const signed = verify("RSA-SHA256", Buffer.from(`${headerPart}.${payloadPart}`), publicKeyOf(app), Buffer.from(signaturePart, "base64url"));
  if (!signed) return { ok: false, status: 401, message: "A JSON web token could not be decoded" };
  const claims = payload as { iss?: unknown; iat?: unknown; exp?: unknown };
  if (String(claims.iss) !== String(app.id) && claims.iss !== app.clientId) {
    return { ok: false, status: 404, message: "Integration not found" };
  }
  if (typeof claims.iat !== "number" || claims.iat > nowSeconds + 60) {
    return { ok: false, status: 401, message: "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued." };
  }
  if (typeof claims.exp !== "number" || claims.exp <= nowSeconds || claims.exp > nowSeconds + 660) {
    return {
      ok: false,
      status: 401,
      message: "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires.",
    };
  }
  return { ok: true };
}
