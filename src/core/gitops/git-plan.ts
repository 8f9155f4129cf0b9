import type { FileChange } from "./types.js";

/** File changes of one decision, plus notes worth showing (settings an adopted route ignores). */
export interface GitPlan {
  readonly changes: readonly FileChange[];
  readonly notes: readonly string[];
}
