"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { EditorModeTabs } from "@/components/ui/editor-mode-tabs";
import { ArrowDown, ArrowUp, Plus, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { JsonEditor, type EditorProblem } from "@/components/ui/json-editor";
import { MutationError } from "@/components/ui/mutation-error";
import type { PropertyFormat } from "@/server/catalog/blueprint-schema";
import { freshKey, moveEntry, renameEntry, withoutEntry, type Draft, type DraftProperty } from "./blueprint-draft";
import { placeOf, ProblemList } from "@/components/ui/editor-problems";

const types = ["string", "number", "boolean", "array", "object"] as const;
const formats: ("" | PropertyFormat)[] = ["", "url", "email", "date-time", "markdown", "yaml", "user", "team"];
type Preview = { entities: number; invalid: number; newlyInvalid: number; sample: { identifier: string; errors: EditorProblem[] }[] };

export function BlueprintEditor({ initial, isNew }: { initial: Draft; isNew: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const blueprints = useQuery(trpc.catalog.blueprints.queryOptions());
  const [draft, setDraft] = useState<Draft>(initial);
  const [mode, setMode] = useState<"form" | "json">("form");
  const [text, setText] = useState("");
  const [parseError, setParseError] = useState<string | null>(null);
  const [problems, setProblems] = useState<EditorProblem[]>([]);
  const [impact, setImpact] = useState<Preview | null>(null);
  const [saved, setSaved] = useState<number | null>(null);

  const validate = useMutation(trpc.blueprints.validate.mutationOptions({ onSuccess: setProblems }));
  const preview = useMutation(trpc.blueprints.preview.mutationOptions());
  // What the draft would do to the entities, checked as the admin edits (an existing blueprint only).
  const live = useMutation(trpc.blueprints.preview.mutationOptions());
  const put = useMutation(
    trpc.blueprints.put.mutationOptions({
      onSuccess: async (result) => {
        setImpact(null);
        setSaved(result.invalidEntities);
        await queryClient.invalidateQueries({ queryKey: trpc.catalog.pathKey() });
        if (isNew) router.push(`/admin/blueprints/${encodeURIComponent(result.blueprint.identifier)}`);
        router.refresh();
      },
    }),
  );

  // Validation as you type, against the server's own rules (debounced).
  const { mutate: runValidate } = validate;
  useEffect(() => {
    if (parseError) return;
    const t = setTimeout(() => runValidate(draft), 400);
    return () => clearTimeout(t);
  }, [draft, parseError, runValidate]);

  const { mutate: runLive, reset: resetLive } = live;
  const ready = !isNew && !parseError && problems.length === 0;
  useEffect(() => {
    if (!ready) return resetLive();
    const t = setTimeout(() => runLive(draft), 700);
    return () => clearTimeout(t);
  }, [draft, ready, runLive, resetLive]);

  function switchTo(next: "form" | "json") {
    if (next === "json") setText(JSON.stringify(draft, null, 2));
    setMode(next);
  }

  function onText(value: string) {
    setText(value);
    try {
      setDraft(JSON.parse(value));
      setParseError(null);
    } catch (e) {
      setParseError(e instanceof Error ? e.message : "Not valid JSON");
    }
  }

  async function save() {
    setSaved(null);
    const result = await preview.mutateAsync(draft);
    if (result.newlyInvalid > 0) setImpact(result);
    else put.mutate(draft);
  }

  const set = (changes: Partial<Draft>) => setDraft((d) => ({ ...d, ...changes }));
  const setProperty = (key: string, p: DraftProperty) => set({ schema: { ...draft.schema, properties: { ...draft.schema.properties, [key]: p } } });
  const targets = (blueprints.data ?? []).map((b) => b.identifier);
  if (draft.identifier && !targets.includes(draft.identifier)) targets.push(draft.identifier);
  const error = preview.error ?? put.error;

  return (
    <div className="space-y-4">
      <EditorModeTabs mode={mode} onChange={switchTo} jsonInvalid={Boolean(parseError)} />

      {mode === "json" ? (
        <div className="space-y-2">
          <JsonEditor label="Blueprint JSON" value={text} onChange={onText} problems={problems} />
          {parseError ? (
            <p role="alert" className="text-sm text-red-600">
              JSON: {parseError}
            </p>
          ) : null}
        </div>
      ) : (
        <div className="space-y-4">
          <Card className="grid gap-3 sm:grid-cols-2">
            <Field label="Identifier" hint={isNew ? "Cannot change once created" : undefined}>
              {(p) => <Input {...p} value={draft.identifier} disabled={!isNew} onChange={(e) => set({ identifier: e.target.value })} />}
            </Field>
            <Field label="Title">{(p) => <Input {...p} value={draft.title} onChange={(e) => set({ title: e.target.value })} />}</Field>
            <Field label="Description">{(p) => <Textarea {...p} rows={2} value={draft.description ?? ""} onChange={(e) => set({ description: e.target.value })} />}</Field>
            <Field label="Icon" hint="A lucide icon name">{(p) => <Input {...p} value={draft.icon ?? ""} onChange={(e) => set({ icon: e.target.value || null })} />}</Field>
          </Card>

          <Card>
            <CardTitle>Properties</CardTitle>
            {Object.keys(draft.schema.properties).length === 0 ? <p className="mb-2 text-sm text-zinc-500">No properties yet.</p> : null}
            <ul className="space-y-3">
              {Object.entries(draft.schema.properties).map(([key, p], index) => (
                <li key={index} className="grid gap-2 rounded-md border border-zinc-200 p-3 sm:grid-cols-6 dark:border-zinc-800" aria-label={`Property ${key}`}>
                  <Field label="Identifier">
                    {(f) => (
                      <Input
                        {...f}
                        value={key}
                        onChange={(e) => {
                          const to = e.target.value;
                          if (!to || (to !== key && to in draft.schema.properties)) return;
                          set({
                            schema: {
                              properties: renameEntry(draft.schema.properties, key, to, p),
                              required: draft.schema.required.map((r) => (r === key ? to : r)),
                            },
                          });
                        }}
                      />
                    )}
                  </Field>
                  <Field label="Title">{(f) => <Input {...f} value={p.title ?? ""} onChange={(e) => setProperty(key, { ...p, title: e.target.value || undefined })} />}</Field>
                  <Field label="Type">
                    {(f) => (
                      <Select {...f} value={p.type} onChange={(e) => setProperty(key, { type: e.target.value as DraftProperty["type"], title: p.title, description: p.description })}>
                        {types.map((t) => (
                          <option key={t}>{t}</option>
                        ))}
                      </Select>
                    )}
                  </Field>
                  {p.type === "string" ? (
                    <Field label="Format">
                      {(f) => (
                        <Select {...f} value={p.format ?? ""} onChange={(e) => setProperty(key, { ...p, format: (e.target.value || undefined) as PropertyFormat | undefined })}>
                          {formats.map((t) => (
                            <option key={t} value={t}>
                              {t || "text"}
                            </option>
                          ))}
                        </Select>
                      )}
                    </Field>
                  ) : p.type === "number" ? (
                    <Field label="Minimum / maximum">
                      {(f) => (
                        <div className="flex gap-1">
                          <Input {...f} type="number" value={p.minimum ?? ""} onChange={(e) => setProperty(key, { ...p, minimum: e.target.value === "" ? undefined : Number(e.target.value) })} />
                          <Input aria-label="Maximum" type="number" value={p.maximum ?? ""} onChange={(e) => setProperty(key, { ...p, maximum: e.target.value === "" ? undefined : Number(e.target.value) })} />
                        </div>
                      )}
                    </Field>
                  ) : (
                    <div />
                  )}
                  {p.type === "string" || p.type === "number" ? (
                    <Field label="Allowed values" hint="Comma-separated; empty for any">
                      {(f) => (
                        <Input
                          {...f}
                          defaultValue={p.enum?.join(", ") ?? ""}
                          onBlur={(e) => {
                            const values = e.target.value.split(",").map((v) => v.trim()).filter(Boolean);
                            setProperty(key, { ...p, enum: values.length ? values.map((v) => (p.type === "number" ? Number(v) : v)) : undefined });
                          }}
                        />
                      )}
                    </Field>
                  ) : (
                    <div />
                  )}
                  <div className="flex items-end gap-1">
                    <label className="mr-auto flex items-center gap-1.5 pb-2 text-sm">
                      <input
                        type="checkbox"
                        checked={draft.schema.required.includes(key)}
                        onChange={(e) =>
                          set({ schema: { ...draft.schema, required: e.target.checked ? [...draft.schema.required, key] : draft.schema.required.filter((r) => r !== key) } })
                        }
                      />
                      Required
                    </label>
                    <Button type="button" variant="ghost" size="sm" aria-label={`Move ${key} up`} onClick={() => set({ schema: { ...draft.schema, properties: moveEntry(draft.schema.properties, key, -1) } })}>
                      <ArrowUp aria-hidden className="size-4" />
                    </Button>
                    <Button type="button" variant="ghost" size="sm" aria-label={`Move ${key} down`} onClick={() => set({ schema: { ...draft.schema, properties: moveEntry(draft.schema.properties, key, 1) } })}>
                      <ArrowDown aria-hidden className="size-4" />
                    </Button>
                    <Button
                      type="button"
                      variant="ghost"
                      size="sm"
                      aria-label={`Remove ${key}`}
                      onClick={() => set({ schema: { properties: withoutEntry(draft.schema.properties, key), required: draft.schema.required.filter((r) => r !== key) } })}
                    >
                      <Trash2 aria-hidden className="size-4" />
                    </Button>
                  </div>
                </li>
              ))}
            </ul>
            <Button type="button" variant="secondary" size="sm" className="mt-3" onClick={() => setProperty(freshKey(draft.schema.properties, "property"), { type: "string" })}>
              <Plus aria-hidden className="size-4" /> Add property
            </Button>
          </Card>

          <Card>
            <CardTitle>Relations</CardTitle>
            {Object.keys(draft.relations).length === 0 ? <p className="mb-2 text-sm text-zinc-500">No relations yet.</p> : null}
            <ul className="space-y-3">
              {Object.entries(draft.relations).map(([key, r], index) => (
                <li key={index} className="grid gap-2 rounded-md border border-zinc-200 p-3 sm:grid-cols-5 dark:border-zinc-800" aria-label={`Relation ${key}`}>
                  <Field label="Identifier">
                    {(f) => (
                      <Input
                        {...f}
                        value={key}
                        onChange={(e) => e.target.value && !(e.target.value in draft.relations) && set({ relations: renameEntry(draft.relations, key, e.target.value, r) })}
                      />
                    )}
                  </Field>
                  <Field label="Title">{(f) => <Input {...f} value={r.title ?? ""} onChange={(e) => set({ relations: { ...draft.relations, [key]: { ...r, title: e.target.value || undefined } } })} />}</Field>
                  <Field label="Target blueprint">
                    {(f) => (
                      <Select {...f} value={r.target} onChange={(e) => set({ relations: { ...draft.relations, [key]: { ...r, target: e.target.value } } })}>
                        {targets.map((t) => (
                          <option key={t}>{t}</option>
                        ))}
                      </Select>
                    )}
                  </Field>
                  <div className="flex items-end gap-3 pb-2 text-sm">
                    <label className="flex items-center gap-1.5">
                      <input type="checkbox" checked={r.many} onChange={(e) => set({ relations: { ...draft.relations, [key]: { ...r, many: e.target.checked } } })} /> Many
                    </label>
                    <label className="flex items-center gap-1.5">
                      <input type="checkbox" checked={r.required} onChange={(e) => set({ relations: { ...draft.relations, [key]: { ...r, required: e.target.checked } } })} /> Required
                    </label>
                  </div>
                  <div className="flex items-end justify-end">
                    <Button type="button" variant="ghost" size="sm" aria-label={`Remove relation ${key}`} onClick={() => set({ relations: withoutEntry(draft.relations, key) })}>
                      <Trash2 aria-hidden className="size-4" />
                    </Button>
                  </div>
                </li>
              ))}
            </ul>
            <Button
              type="button"
              variant="secondary"
              size="sm"
              className="mt-3"
              onClick={() => set({ relations: { ...draft.relations, [freshKey(draft.relations, "relation")]: { target: targets[0] ?? draft.identifier, many: false, required: false } } })}
            >
              <Plus aria-hidden className="size-4" /> Add relation
            </Button>
          </Card>

          <Card>
            <CardTitle>Mirror properties</CardTitle>
            <ul className="space-y-2">
              {Object.entries(draft.mirrorProperties).map(([key, m], index) => (
                <li key={index} className="grid gap-2 sm:grid-cols-[1fr_1fr_auto]">
                  <Field label="Identifier">
                    {(f) => <Input {...f} value={key} onChange={(e) => e.target.value && set({ mirrorProperties: renameEntry(draft.mirrorProperties, key, e.target.value, m) })} />}
                  </Field>
                  <Field label="Path" hint="relation.property or relation.$title">
                    {(f) => <Input {...f} value={m.path} onChange={(e) => set({ mirrorProperties: { ...draft.mirrorProperties, [key]: { ...m, path: e.target.value } } })} />}
                  </Field>
                  <div className="flex items-end">
                    <Button type="button" variant="ghost" size="sm" aria-label={`Remove mirror ${key}`} onClick={() => set({ mirrorProperties: withoutEntry(draft.mirrorProperties, key) })}>
                      <Trash2 aria-hidden className="size-4" />
                    </Button>
                  </div>
                </li>
              ))}
            </ul>
            <Button
              type="button"
              variant="secondary"
              size="sm"
              className="mt-3"
              onClick={() => set({ mirrorProperties: { ...draft.mirrorProperties, [freshKey(draft.mirrorProperties, "mirror")]: { path: `${Object.keys(draft.relations)[0] ?? "relation"}.$title` } } })}
            >
              <Plus aria-hidden className="size-4" /> Add mirror property
            </Button>
          </Card>
        </div>
      )}

      {problems.length ? (
        <div className="rounded-md border border-red-200 bg-red-50 px-3 py-2 dark:border-red-900 dark:bg-red-950/40">
          <p className="text-sm font-medium text-red-800 dark:text-red-300">This blueprint cannot be saved yet:</p>
          <ProblemList problems={problems} />
        </div>
      ) : null}
      {ready ? <LiveImpact state={live.isPending ? "checking" : live.data ? live.data : live.error ? "failed" : "idle"} /> : null}
      <MutationError error={error} />
      {saved !== null ? (
        <p role="status" className="text-sm text-green-700 dark:text-green-400">
          Saved.{saved > 0 ? ` ${saved} entities are flagged invalid until they are fixed.` : ""}
        </p>
      ) : null}
      <Button onClick={() => void save()} disabled={Boolean(parseError) || problems.length > 0 || preview.isPending || put.isPending}>
        {preview.isPending ? "Checking entities…" : put.isPending ? "Saving…" : isNew ? "Create blueprint" : "Save blueprint"}
      </Button>

      <Dialog
        open={impact !== null}
        onOpenChange={(o) => !o && setImpact(null)}
        title="This change affects existing entities"
        description={impact ? `${impact.newlyInvalid} of ${impact.entities} entities would become invalid. They are kept and flagged, never deleted.` : undefined}
      >
        {impact ? (
          <div className="space-y-3">
            <ul className="max-h-60 space-y-1 overflow-auto text-sm" aria-label="Affected entities">
              {impact.sample.map((s) => (
                <li key={s.identifier}>
                  <span className="font-medium">{s.identifier}</span>: {s.errors.map((e) => `${e.path ? `${placeOf(e.path)}: ` : ""}${e.message}`).join("; ")}
                </li>
              ))}
            </ul>
            {impact.invalid > impact.sample.length ? <p className="text-xs text-zinc-500">and {impact.invalid - impact.sample.length} more</p> : null}
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={() => setImpact(null)}>
                Cancel
              </Button>
              <Button variant="danger" disabled={put.isPending} onClick={() => put.mutate(draft)}>
                {put.isPending ? "Saving…" : "Save anyway"}
              </Button>
            </div>
          </div>
        ) : null}
      </Dialog>
    </div>
  );
}

/** The draft's effect on the blueprint's entities, as the admin edits it. */
function LiveImpact({ state }: { state: Preview | "checking" | "failed" | "idle" }) {
  if (state === "idle") return null;
  const text =
    state === "checking"
      ? "Checking the entities against this draft…"
      : state === "failed"
        ? "Could not check the entities against this draft; saving checks again."
        : state.newlyInvalid === 0
          ? `Checked against its ${state.entities} entities: none would become invalid.`
          : `${state.newlyInvalid} of ${state.entities} entities would become invalid (kept and flagged, never deleted).`;
  return (
    <div role="status" aria-live="polite" aria-label="Effect on entities" className="space-y-1 text-sm">
      <p className={typeof state === "object" && state.newlyInvalid > 0 ? "text-amber-700 dark:text-amber-400" : "text-zinc-600 dark:text-zinc-400"}>{text}</p>
      {typeof state === "object" && state.newlyInvalid > 0 ? (
        <ul className="list-disc space-y-0.5 pl-5 text-xs text-zinc-600 dark:text-zinc-400">
          {state.sample.slice(0, 5).map((s) => (
            <li key={s.identifier}>
              <span className="font-medium">{s.identifier}</span>: {s.errors.map((e) => `${e.path ? `${placeOf(e.path)}: ` : ""}${e.message}`).join("; ")}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
