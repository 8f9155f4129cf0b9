import { InvariantError } from "../../core/errors.js";
import type { WorkItem } from "../../ports/work-queue.js";

/** A work item as stored in Redis. */
export function encodeWorkItem(item: WorkItem): string {
  return JSON.stringify(item);
}

/**
 * A stored work item, checked for the fields every item has; `redisKey` names where it came
 * from when it is unreadable (written by an incompatible version, or by hand).
 */
export function decodeWorkItem(text: string, redisKey: string): WorkItem {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error: unknown) {
    throw new InvariantError(`work item ${redisKey} in redis is not valid JSON: ${String(error)}`);
  }
  if (typeof value !== "object" || value === null) {
    throw new InvariantError(`work item ${redisKey} in redis is not an object`);
  }
  if (!("repo" in value) || typeof value.repo !== "string") {
    throw new InvariantError(`work item ${redisKey} in redis: field "repo" must be a string`);
  }
  if (!("reason" in value) || typeof value.reason !== "string") {
    throw new InvariantError(`work item ${redisKey} in redis: field "reason" must be a string`);
  }
  if ("commands" in value && value.commands !== undefined && !Array.isArray(value.commands)) {
    throw new InvariantError(`work item ${redisKey} in redis: field "commands" must be a list`);
  }
  return value as WorkItem;
}
