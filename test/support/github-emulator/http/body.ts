import { HttpError, invalidRequest } from "./http-error.js";

/** Readers for JSON request bodies that fail the way GitHub does ("Invalid request" 422s). */
export type JsonObject = Readonly<Record<string, unknown>>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An absent body counts as `{}`: Octokit sends none for e.g. `PUT /pulls/{n}/merge`. */
export function bodyObject(body: unknown): JsonObject {
  if (body === undefined) return {};
  if (!isObject(body)) throw new HttpError(400, "Body should be a JSON object");
  return body;
}

function typeError(field: string, value: unknown, type: string): HttpError {
  return invalidRequest(`For 'properties/${field}', ${JSON.stringify(value)} is not ${type}.`);
}

export function requiredString(obj: JsonObject, field: string): string {
  const value = obj[field];
  if (value === undefined || value === null) throw invalidRequest(`"${field}" wasn't supplied.`);
  if (typeof value !== "string") throw typeError(field, value, "a string");
  return value;
}

export function optionalString(obj: JsonObject, field: string): string | undefined {
  const value = obj[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw typeError(field, value, "a string");
  return value;
}

export function optionalBoolean(obj: JsonObject, field: string): boolean | undefined {
  const value = obj[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw typeError(field, value, "a boolean");
  return value;
}

export function optionalInteger(obj: JsonObject, field: string): number | undefined {
  const value = obj[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value)) throw typeError(field, value, "an integer");
  return value;
}

export function optionalArray(obj: JsonObject, field: string): readonly unknown[] | undefined {
  const value = obj[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw typeError(field, value, "an array");
  return value;
}

export function optionalStringArray(obj: JsonObject, field: string): string[] | undefined {
  const value = optionalArray(obj, field);
  if (value === undefined) return undefined;
  return value.map((item) => {
    if (typeof item !== "string") throw typeError(field, item, "a string");
    return item;
  });
}

export function optionalObject(obj: JsonObject, field: string): JsonObject | undefined {
  const value = obj[field];
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw typeError(field, value, "an object");
  return value;
}

export function oneOf<T extends string>(obj: JsonObject, field: string, allowed: readonly T[]): T | undefined {
  const value = optionalString(obj, field);
  if (value === undefined) return undefined;
  const found = allowed.find((a) => a === value);
  if (found === undefined) {
    throw invalidRequest(`For 'properties/${field}', ${JSON.stringify(value)} is not one of ${allowed.join(", ")}.`);
  }
  return found;
}
