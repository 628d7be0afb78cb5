import { inTransaction, type DbOrTx } from "@/db/client";
import { walkQuery, type Query } from "./query";

/**
 * Totals and facet counts of a blueprint's entities, cached in this process under the blueprint's
 * catalog version (`catalog_versions`, migration 0018). The version is read in the statement that
 * reads the blueprint, and it changes in the same commit as any write to the blueprint's entities,
 * the blueprint or its value slots, on whichever replica made it; so an entry is found only while the
 * catalog is the one it was computed from, or a later one (an aggregate computed after reading the
 * version sees at least that version's data). Versions are random UUIDs, never reused, so an entry of
 * one database (or of a dropped and re-created blueprint) is never another's.
 *
 * Not cached: reads inside a transaction (they may see its uncommitted writes), queries with related
 * rules (they read other blueprints' entities), and keys longer than `maxKeyLength`.
 * Concurrent misses of one key share one computation; a failed one is forgotten.
 */
const maxEntries = 1000;
const maxKeyLength = 4096;
const entries = new Map<string, Promise<unknown>>();

/** The version aggregates of `db` may be cached under: none inside a transaction. */
export const cacheableVersion = (db: DbOrTx, version: string | null | undefined) => (version && !inTransaction(db) ? version : null);

/** Whether a filter reads only the blueprint's own entities (no related rules), so its aggregates can be cached. */
export function readsOnlyItsBlueprint(query: Query | undefined): boolean {
  let own = true;
  if (query) walkQuery(query, "", () => {}, () => (own = false));
  return own;
}

export function cachedAggregate<T>(version: string | null, parts: (string | undefined)[], compute: () => Promise<T>): Promise<T> {
  const key = version ? `${version}\u0000${parts.map((p) => p ?? "").join("\u0000")}` : "";
  if (!key || key.length > maxKeyLength) return compute();
  const hit = entries.get(key);
  if (hit) {
    // Most recently used last: Map keeps insertion order, so the first key is the one to evict.
    entries.delete(key);
    entries.set(key, hit);
    return hit as Promise<T>;
  }
  const pending = compute();
  entries.set(key, pending);
  pending.catch(() => {
    if (entries.get(key) === pending) entries.delete(key);
  });
  if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
  return pending;
}

/** For tests: forget every entry. */
export function clearAggregateCache() {
  entries.clear();
}
