/**
 * `{ [key]: value }` when the value is set, `{}` otherwise: builds objects with optional fields
 * under `exactOptionalPropertyTypes`, where a field is either absent or has a value.
 */
export function optionalField<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Partial<Record<K, V>>);
}
