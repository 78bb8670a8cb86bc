const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 86_400_000;

/** A string with visible content. */
export function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

/** An ISO 8601 calendar date (`2027-03-31`) or instant with offset (`2027-03-31T00:00:00Z`). */
export function isIsoDateOrInstant(value: unknown): value is string {
  if (typeof value !== 'string' || !(ISO_DATE.test(value) || ISO_INSTANT.test(value))) return false;
  return !Number.isNaN(Date.parse(value));
}

/** Milliseconds at which a point in time starts (a calendar date starts at 00:00 UTC). */
export function startOf(value: string): number {
  return Date.parse(value);
}

/**
 * Milliseconds at which a validity bound ends. A calendar date is inclusive
 * ("until 2027-03-31" still holds on that day), so it ends at the next midnight UTC.
 */
export function endOf(value: string): number {
  return ISO_DATE.test(value) ? Date.parse(value) + DAY_MS : Date.parse(value);
}

/** Identifiers end up in stream names (`agreement-<id>`), so keep them URL- and log-safe. */
const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
export function isIdentifier(value: unknown): value is string {
  return typeof value === 'string' && ID.test(value);
}

/** Distinct values in first-seen order. */
export function distinct<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/** Same members, ignoring order and duplicates. */
export function sameMembers<T>(a: readonly T[], b: readonly T[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}
