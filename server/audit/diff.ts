/** Pure helpers for audit events: secret redaction and a JSON diff. */

export const REDACTED = "[redacted]";
const secretKey = /(secret|password|passwd|token|api[-_]?key|private[-_]?key|credential|authorization|cookie)/i;

/** A deep copy of `value` in which every value under a secret-looking key is replaced. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k,
        secretKey.test(k) && v !== null && v !== undefined ? REDACTED : redactSecrets(v),
      ]),
    );
  }
  return value;
}

export type DiffEntry =
  | { op: "add"; path: string; value: unknown }
  | { op: "remove"; path: string; old: unknown }
  | { op: "replace"; path: string; old: unknown; value: unknown };

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const pointer = (segment: string) => segment.replace(/~/g, "~0").replace(/\//g, "~1");

/**
 * Differences between two JSON values as JSON-pointer paths. Objects are compared key by key;
 * arrays and scalars as whole values, which reads better in an audit log than index shuffles.
 */
export function diffJson(before: unknown, after: unknown, path = ""): DiffEntry[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => {
      const p = `${path}/${pointer(key)}`;
      if (!(key in before) || before[key] === undefined) {
        return after[key] === undefined ? [] : [{ op: "add" as const, path: p, value: after[key] }];
      }
      if (!(key in after) || after[key] === undefined) return [{ op: "remove" as const, path: p, old: before[key] }];
      return diffJson(before[key], after[key], p);
    });
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  if (before === undefined || before === null) return after === undefined || after === null ? [] : [{ op: "add", path, value: after }];
  if (after === undefined || after === null) return [{ op: "remove", path, old: before }];
  return [{ op: "replace", path, old: before, value: after }];
}
