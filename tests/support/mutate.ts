/** Paths to every value of a JSON value (objects and arrays), so a fuzzer can aim a change at any of them. */
export function jsonPaths(value: unknown, prefix: string[] = []): string[][] {
  if (!value || typeof value !== "object") return [prefix];
  return [prefix, ...Object.entries(value).flatMap(([k, v]) => jsonPaths(v, [...prefix, k]))];
}

/** A copy of `value` with the value at `at` replaced (or its key removed). */
export function setAt(value: unknown, at: string[], replacement: unknown, remove: boolean): unknown {
  if (at.length === 0) return replacement;
  const copy: Record<string, unknown> = Array.isArray(value) ? ([...value] as unknown as Record<string, unknown>) : { ...(value as Record<string, unknown>) };
  const [head, ...rest] = at as [string, ...string[]];
  if (rest.length === 0 && remove) delete copy[head];
  else copy[head] = setAt(copy[head], rest, replacement, remove);
  return copy;
}
