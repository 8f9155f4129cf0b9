import type { RepoAccess } from "../auth/access.js";

/** Reading needs the app permission at `read` (or metadata) and, for users, read access. */
export function readAccess(...names: string[]): RepoAccess {
  return { permissions: names.map((name) => ({ name, level: "read" })), userRole: "read", write: false };
}

/** Writing needs the app permission at `write` and, for users, write access. */
export function writeAccess(...names: string[]): RepoAccess {
  return { permissions: names.map((name) => ({ name, level: "write" })), userRole: "write", write: true };
}

/** A write anyone who can read the repository may make (comments, reviews). */
export function participateAccess(...names: string[]): RepoAccess {
  return { permissions: names.map((name) => ({ name, level: "write" })), userRole: "read", write: true };
}
