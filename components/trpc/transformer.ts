import superjson, { type SuperJSONResult } from "superjson";

/** Deeper than this, a value is left to superjson (which also copes with cycles). */
const MAX_DEPTH = 64;

type Annotations = Record<string, ["Date" | "undefined"]>;

/** superjson's path of a value: keys escaped (`\` and `.`), joined by dots. */
const pathOf = (keys: string[]) => keys.map((key) => key.replace(/\\/g, "\\\\").replace(/\./g, "\\.")).join(".");

/** The keys of a superjson path (the reverse of pathOf). */
function keysOf(path: string): string[] {
  const keys: string[] = [];
  let key = "";
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (c === "\\" && i + 1 < path.length) key += path[++i];
    else if (c === ".") {
      keys.push(key);
      key = "";
    } else key += c;
  }
  keys.push(key);
  return keys;
}

/** Keys a path may not go through (superjson refuses them too): they reach prototypes, not data. */
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Applies notes of dates and undefineds to a freshly parsed payload, in place (it is always fresh:
 * JSON.parse of a response or React's payload; applying them twice changes nothing). False, having
 * changed nothing, when the meta holds anything else or a path does not lead to the payload's own
 * data, for superjson to read (or refuse).
 */
function applyNotes(payload: SuperJSONResult): boolean {
  const { values, ...rest } = payload.meta ?? {};
  if (Object.keys(rest).some((k) => k !== "v") || !values || typeof values !== "object" || Array.isArray(values)) return false;
  const changes: { holder: Record<string, unknown>; key: string; kind: "Date" | "undefined" }[] = [];
  for (const [path, note] of Object.entries(values)) {
    const kind: unknown = Array.isArray(note) && note.length === 1 ? note[0] : undefined;
    if (path === "" || (kind !== "Date" && kind !== "undefined")) return false;
    const keys = keysOf(path);
    if (keys.some((key) => FORBIDDEN_KEYS.has(key))) return false;
    let holder: unknown = payload.json;
    for (const key of keys.slice(0, -1)) {
      if (holder === null || typeof holder !== "object" || !Object.hasOwn(holder, key)) return false;
      holder = (holder as Record<string, unknown>)[key];
    }
    const key = keys[keys.length - 1]!;
    if (holder === null || typeof holder !== "object" || (kind === "Date" && !Object.hasOwn(holder, key))) return false;
    changes.push({ holder: holder as Record<string, unknown>, key, kind });
  }
  try {
    for (const { holder, key, kind } of changes) holder[key] = kind === "Date" ? new Date(holder[key] as string | Date) : undefined;
  } catch {
    // A frozen payload (React may freeze what it hands over in development): superjson copies instead.
    // What was already applied is harmless to it, a date read again as a date.
    return false;
  }
  return true;
}

/**
 * Notes in `notes` where JSON would not give `value` back as it is, in superjson's terms, for the
 * two cases answers are made of: valid dates (which JSON writes as their ISO string, as superjson
 * does) and undefined (which JSON drops from objects and turns into null in arrays). False for
 * anything else that JSON would change — -0, NaN, infinities, bigints, maps, sets, class instances,
 * array holes, very deep values — which is then left to superjson.
 */
function annotate(value: unknown, keys: string[], depth: number, notes: Annotations): boolean {
  switch (typeof value) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(value) && !Object.is(value, -0);
    case "undefined":
      if (keys.length === 0) return false;
      notes[pathOf(keys)] = ["undefined"];
      return true;
    case "object": {
      if (value === null) return true;
      if (value instanceof Date) {
        if (keys.length === 0 || Number.isNaN(value.getTime())) return false;
        notes[pathOf(keys)] = ["Date"];
        return true;
      }
      if (depth >= MAX_DEPTH) return false;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          if (!(i in value)) return false;
          keys.push(String(i));
          const ok = annotate(value[i], keys, depth + 1, notes);
          keys.pop();
          if (!ok) return false;
        }
        return true;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      for (const key in value) {
        keys.push(key);
        const ok = annotate((value as Record<string, unknown>)[key], keys, depth + 1, notes);
        keys.pop();
        if (!ok) return false;
      }
      return true;
    }
    default:
      // bigint, symbol, function
      return false;
  }
}

/**
 * tRPC's transformer and the query cache's (de)hydration, in superjson's wire format. An answer made
 * of JSON values, dates and undefined — nearly every answer, e.g. a page of entities — is sent as it
 * is with superjson's notes for its dates and undefineds, found in one quick pass; superjson's own
 * walk, which builds a path array and tries a dozen rules for every value it visits, cost about a
 * fifth of the server time of a catalog tRPC batch. Anything else goes through superjson, and either
 * side can be superjson itself. One difference, invisible after JSON: an object that appears twice
 * arrives as two equal objects (superjson would note that they were one).
 *
 * The `json` it returns may hold Date objects: JSON.stringify writes them as their ISO strings, and
 * React's payload for dehydrated queries carries them as dates.
 */
export const transformer = {
  serialize(value: unknown): SuperJSONResult {
    const notes: Annotations = {};
    if (!annotate(value, [], 0, notes)) return superjson.serialize(value);
    for (const _ in notes) return { json: value as SuperJSONResult["json"], meta: { values: notes, v: 1 } };
    return { json: value as SuperJSONResult["json"] };
  },
  deserialize<T = unknown>(payload: SuperJSONResult): T {
    if (!payload.meta || applyNotes(payload)) return payload.json as T;
    return superjson.deserialize<T>(payload);
  },
};
