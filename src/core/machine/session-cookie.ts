/**
 * Session-affinity cookie values. Flagger draws 10 random letters; the pure core derives them
 * from the run instead, so replaying a tick produces the same route.
 */
import { sha256Hex } from "../hash.js";

const LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LENGTH = 10;

export interface RunIdentity {
  readonly namespace: string;
  readonly name: string;
  readonly revision: string;
  readonly startedAt: number;
}

export interface SessionCookieValues {
  readonly canary: string;
  readonly primary: string;
}

/** Two independent 10-letter values from `sha256(namespace/name/revision/startedAt)`. */
export function sessionCookieValues(run: RunIdentity): SessionCookieValues {
  const hex = sha256Hex(`${run.namespace}/${run.name}/${run.revision}/${String(run.startedAt)}`);
  return { canary: lettersAt(hex, 0), primary: lettersAt(hex, LENGTH) };
}

function lettersAt(hex: string, firstByte: number): string {
  let value = "";
  for (let i = firstByte; i < firstByte + LENGTH; i++) {
    const byte = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
    value += LETTERS.charAt(byte % LETTERS.length);
  }
  return value;
}
