"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowDown, ArrowUp, Plus, Trash2 } from "lucide-react";
import { QueryBuilder } from "@/components/query/query-builder";
import { levelColor } from "@/components/scorecards/level-badge";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";

type Level = { title: string; color: string };
type Rule = { identifier: string; title: string; description?: string; level: string; weight?: number; query: unknown };
export type ScorecardDraft = { identifier: string; title: string; description?: string | null; filter?: unknown; levels: Level[]; rules: Rule[] };

const move = <T,>(list: T[], i: number, by: -1 | 1) => {
  const next = [...list];
  const j = i + by;
  if (j < 0 || j >= next.length) return next;
  [next[i], next[j]] = [next[j]!, next[i]!];
  return next;
};

/** The form side of the scorecard editor: levels in order, rules with their level, weight and Query. */
export function ScorecardForm({ blueprint, draft, onChange, isNew }: { blueprint: string; draft: ScorecardDraft; onChange: (d: ScorecardDraft) => void; isNew: boolean }) {
  const trpc = useTRPC();
  // The fields the Query builders offer; until it has loaded they show the JSON.
  const bp = useQuery(trpc.catalog.blueprint.queryOptions({ identifier: blueprint })).data;
  const set = (changes: Partial<ScorecardDraft>) => onChange({ ...draft, ...changes });
  const setLevel = (i: number, l: Level) => set({ levels: draft.levels.map((x, k) => (k === i ? l : x)) });
  const setRule = (i: number, r: Rule) => set({ rules: draft.rules.map((x, k) => (k === i ? r : x)) });
  return (
    <div className="space-y-6">
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Identifier">{(p) => <Input {...p} value={draft.identifier} disabled={!isNew} onChange={(e) => set({ identifier: e.target.value })} />}</Field>
        <Field label="Title">{(p) => <Input {...p} value={draft.title} onChange={(e) => set({ title: e.target.value })} />}</Field>
        <div className="sm:col-span-2">
          <Field label="Description">{(p) => <Input {...p} value={draft.description ?? ""} onChange={(e) => set({ description: e.target.value || undefined })} />}</Field>
        </div>
        <div className="sm:col-span-2">
          <QueryBuilder label="Which entities it scores" blueprint={bp} value={draft.filter} optional emptyHint="No conditions: every entity of the blueprint is scored." onChange={(filter) => set({ filter })} />
        </div>
      </div>

      <fieldset className="space-y-2">
        <legend className="text-sm font-semibold">Levels, lowest first (the first is the floor)</legend>
        <ol className="space-y-2">
          {draft.levels.map((l, i) => (
            <li key={i} aria-label={`Level ${l.title || i + 1}`} className="flex items-end gap-2">
              <span aria-hidden className="mb-3 size-3 shrink-0 rounded-full" style={{ background: levelColor(l.color) }} />
              <div className="flex-1">
                <Field label="Title">{(p) => <Input {...p} value={l.title} onChange={(e) => setLevel(i, { ...l, title: e.target.value })} />}</Field>
              </div>
              <div className="w-36">
                <Field label="Colour">{(p) => <Input {...p} value={l.color} onChange={(e) => setLevel(i, { ...l, color: e.target.value })} placeholder="green or #22c55e" />}</Field>
              </div>
              <Button type="button" variant="secondary" size="sm" aria-label="Move up" disabled={i === 0} onClick={() => set({ levels: move(draft.levels, i, -1) })}>
                <ArrowUp className="size-4" />
              </Button>
              <Button type="button" variant="secondary" size="sm" aria-label="Move down" disabled={i === draft.levels.length - 1} onClick={() => set({ levels: move(draft.levels, i, 1) })}>
                <ArrowDown className="size-4" />
              </Button>
              <Button type="button" variant="secondary" size="sm" aria-label="Remove level" disabled={draft.levels.length === 1} onClick={() => set({ levels: draft.levels.filter((_, k) => k !== i) })}>
                <Trash2 className="size-4" />
              </Button>
            </li>
          ))}
        </ol>
        <Button type="button" variant="secondary" size="sm" onClick={() => set({ levels: [...draft.levels, { title: `Level ${draft.levels.length + 1}`, color: "gray" }] })}>
          <Plus className="size-4" /> Add level
        </Button>
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold">Rules</legend>
        {draft.rules.map((r, i) => (
          <div key={i} role="group" aria-label={`Rule ${r.identifier || i + 1}`} className="space-y-2 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
            <div className="grid gap-2 sm:grid-cols-[1fr_2fr_1fr_6rem_auto]">
              <Field label="Identifier">{(p) => <Input {...p} value={r.identifier} onChange={(e) => setRule(i, { ...r, identifier: e.target.value })} />}</Field>
              <Field label="Title">{(p) => <Input {...p} value={r.title} onChange={(e) => setRule(i, { ...r, title: e.target.value })} />}</Field>
              <Field label="Level">
                {(p) => (
                  <Select {...p} value={r.level} onChange={(e) => setRule(i, { ...r, level: e.target.value })}>
                    {draft.levels.map((l) => (
                      <option key={l.title} value={l.title}>
                        {l.title}
                      </option>
                    ))}
                    {draft.levels.some((l) => l.title === r.level) ? null : <option value={r.level}>{r.level} (missing)</option>}
                  </Select>
                )}
              </Field>
              <Field label="Weight">
                {(p) => (
                  <Input {...p} type="number" min={1} value={r.weight ?? 1} onChange={(e) => setRule(i, { ...r, weight: e.target.value === "" || Number(e.target.value) === 1 ? undefined : Number(e.target.value) })} />
                )}
              </Field>
              <div className="flex items-end">
                <Button type="button" variant="secondary" size="sm" aria-label="Remove rule" onClick={() => set({ rules: draft.rules.filter((_, k) => k !== i) })}>
                  <Trash2 className="size-4" />
                </Button>
              </div>
            </div>
            <Field label="Description">{(p) => <Input {...p} value={r.description ?? ""} onChange={(e) => setRule(i, { ...r, description: e.target.value || undefined })} />}</Field>
            <QueryBuilder label="Passes when" blueprint={bp} value={r.query} emptyHint="No conditions yet: every entity passes." onChange={(query) => setRule(i, { ...r, query })} />
          </div>
        ))}
        <Button
          type="button"
          variant="secondary"
          size="sm"
          onClick={() =>
            set({
              rules: [
                ...draft.rules,
                { identifier: `rule-${draft.rules.length + 1}`, title: "New rule", level: draft.levels[Math.min(1, draft.levels.length - 1)]!.title, query: { combinator: "and", rules: [] } },
              ],
            })
          }
        >
          <Plus className="size-4" /> Add rule
        </Button>
      </fieldset>
    </div>
  );
}
