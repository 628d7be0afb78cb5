/**
 * Equality of stored and written values as JSON, for "an identical write changes nothing": object keys
 * in any order (jsonb does not keep them), everything else as JSON would write it.
 */
export const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );

export const sameJson = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);

/** The stamps a write sets itself; they do not make two writes different. */
const STAMPS = new Set(["updatedAt", "updatedBy"]);

/**
 * Whether writing `next` (a row's new column values) over `before` would change nothing: every column
 * of `next` but the update stamps equal as JSON. An absent and a null value are the same column value.
 */
export function unchangedRow(before: object, next: object): boolean {
  const stored = before as Record<string, unknown>;
  return Object.entries(next).every(([key, value]) => STAMPS.has(key) || sameJson(stored[key] ?? null, value ?? null));
}
