import type { BlueprintDraft, BlueprintPropertyDraft } from "@/server/catalog/blueprint-schema";

/** The blueprint being edited, in PRODUCT.md's JSON shape (a property as the server's schema takes it), and pure helpers over it. */
export type DraftProperty = BlueprintPropertyDraft;
export type DraftRelation = { title?: string; description?: string; target: string; many: boolean; required: boolean };
export type Draft = {
  identifier: string;
  title: string;
  icon?: string | null;
  description?: string | null;
  schema: { properties: Record<string, DraftProperty>; required: string[] };
  relations: Record<string, DraftRelation>;
  mirrorProperties: Record<string, { title?: string; path: string }>;
  /** Port's calculation and aggregation properties: edited in the JSON view, kept as they are by the form. */
  calculationProperties?: BlueprintDraft["calculationProperties"];
  aggregationProperties?: BlueprintDraft["aggregationProperties"];
};

export const emptyDraft = (): Draft => ({
  identifier: "",
  title: "",
  description: "",
  schema: { properties: {}, required: [] },
  relations: {},
  mirrorProperties: {},
});

/** Replaces the entry `from` of an ordered record by `to` → `value`, keeping the order. */
export function renameEntry<T>(record: Record<string, T>, from: string, to: string, value: T): Record<string, T> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => (k === from ? [to, value] : [k, v])));
}

/** Moves an entry one place up or down. */
export function moveEntry<T>(record: Record<string, T>, key: string, by: -1 | 1): Record<string, T> {
  const entries = Object.entries(record);
  const i = entries.findIndex(([k]) => k === key);
  const j = i + by;
  if (i < 0 || j < 0 || j >= entries.length) return record;
  [entries[i], entries[j]] = [entries[j]!, entries[i]!];
  return Object.fromEntries(entries);
}

export function withoutEntry<T>(record: Record<string, T>, key: string): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));
}

/** A key not used yet: `base`, `base2`, … */
export function freshKey(record: Record<string, unknown>, base: string) {
  let n = 1;
  while (`${base}${n === 1 ? "" : n}` in record) n++;
  return `${base}${n === 1 ? "" : n}`;
}
