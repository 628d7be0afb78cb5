"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowDown, ArrowUp, Plus, Trash2 } from "lucide-react";
import { Component, type ReactNode } from "react";
import { RunForm } from "@/components/actions/run-form";
import type { FieldKind, QueryFieldOption } from "@/components/query/fields";
import { QueryBuilder } from "@/components/query/query-builder";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { inputsJsonSchema, type InputSchema, type UserInputs } from "@/server/actions/form";

/**
 * The action-form builder: an action's user inputs as cards (key, title, kind, required, choices,
 * default, entity picker's blueprint and which entities it offers, when the field shows, what it waits
 * for, its step), and beside them the real run form as people will see it. It writes the same
 * `userInputs` JSON as the JSON tab; JSON Schema keywords it has no control for (a pattern, a minimum)
 * are kept as written.
 */

type Kind = { id: string; label: string; schema: InputSchema; field: FieldKind };
const kinds: Kind[] = [
  { id: "text", label: "Text", schema: { type: "string" }, field: "string" },
  { id: "markdown", label: "Long text (Markdown)", schema: { type: "string", format: "markdown" }, field: "string" },
  { id: "number", label: "Number", schema: { type: "number" }, field: "number" },
  { id: "boolean", label: "Yes / no", schema: { type: "boolean" }, field: "boolean" },
  { id: "list", label: "List of text", schema: { type: "array", items: { type: "string" } }, field: "array" },
  { id: "date", label: "Date", schema: { type: "string", format: "date" }, field: "date" },
  { id: "entity", label: "Entity (picker)", schema: { type: "string", format: "entity" }, field: "string" },
  { id: "team", label: "Team", schema: { type: "string", format: "team" }, field: "string" },
  { id: "user", label: "User", schema: { type: "string", format: "user" }, field: "string" },
  { id: "secret", label: "Secret", schema: { type: "string", format: "secret" }, field: "string" },
  { id: "object", label: "JSON object", schema: { type: "object" }, field: "string" },
];

function kindOf(schema: InputSchema): Kind {
  const format = typeof schema.format === "string" ? schema.format : undefined;
  return (
    kinds.find((k) => format !== undefined && k.schema.format === format) ??
    kinds.find((k) => k.schema.type === (schema.type === "integer" ? "number" : schema.type) && k.schema.format === undefined) ??
    kinds[0]!
  );
}

/** The keywords each kind owns: changing the kind drops them, everything else on the input is kept. */
const kindKeywords = ["type", "format", "items", "blueprint", "dataset", "enum"];

/** Operators a `visible` condition takes (server/actions/form.ts). */
const visibleOperators = ["=", "!=", "in", "isEmpty", "isNotEmpty"];

const orderOf = (inputs: UserInputs) => {
  const keys = Object.keys(inputs.properties);
  const ordered = (inputs.order ?? []).filter((k) => keys.includes(k));
  return [...ordered, ...keys.filter((k) => !ordered.includes(k))];
};

/** A `visible` condition with every `property` named `from` renamed `to`. */
function renameIn(condition: unknown, from: string, to: string): unknown {
  if (Array.isArray(condition)) return condition.map((c) => renameIn(c, from, to));
  if (!condition || typeof condition !== "object") return condition;
  const c = condition as Record<string, unknown>;
  return Object.fromEntries(Object.entries(c).map(([k, v]) => [k, k === "property" && v === from ? to : k === "rules" ? renameIn(v, from, to) : v]));
}

function uniqueKey(inputs: UserInputs) {
  for (let i = Object.keys(inputs.properties).length + 1; ; i++) if (!(`input${i}` in inputs.properties)) return `input${i}`;
}

export function ActionInputsBuilder({
  value,
  onChange,
  errorAt,
  actionTitle,
  blueprint,
}: {
  value: unknown;
  onChange: (inputs: UserInputs) => void;
  errorAt: (path: string) => string | undefined;
  actionTitle: string;
  blueprint: string;
}) {
  const inputs: UserInputs = normalize(value);
  const keys = orderOf(inputs);
  const write = onChange;
  const setInput = (key: string, schema: InputSchema) => write({ ...inputs, properties: { ...inputs.properties, [key]: schema } });
  const setRequired = (key: string, required: boolean) => write({ ...inputs, required: required ? [...new Set([...inputs.required, key])] : inputs.required.filter((k) => k !== key) });
  const move = (i: number, by: -1 | 1) => {
    const order = [...keys];
    const j = i + by;
    if (j < 0 || j >= order.length) return;
    [order[i], order[j]] = [order[j]!, order[i]!];
    write({ ...inputs, order });
  };
  const remove = (key: string) => {
    const { [key]: _removed, ...properties } = inputs.properties;
    void _removed;
    const steps = inputs.steps?.map((s) => ({ ...s, properties: s.properties.filter((p) => p !== key) })).filter((s) => s.properties.length);
    write({
      ...inputs,
      properties,
      required: inputs.required.filter((k) => k !== key),
      ...(inputs.order ? { order: inputs.order.filter((k) => k !== key) } : {}),
      ...(inputs.steps ? { steps: steps?.length ? steps : undefined } : {}),
    });
  };
  const rename = (from: string, to: string) => {
    if (!to || to === from || to in inputs.properties) return false;
    const properties = Object.fromEntries(
      Object.entries(inputs.properties).map(([k, s]) => {
        const schema: InputSchema = { ...s };
        if (schema.visible !== undefined) schema.visible = renameIn(schema.visible, from, to);
        if (Array.isArray(schema.dependsOn)) schema.dependsOn = schema.dependsOn.map((d) => (d === from ? to : d));
        return [k === from ? to : k, schema];
      }),
    );
    const swap = (k: string) => (k === from ? to : k);
    write({
      ...inputs,
      properties,
      required: inputs.required.map(swap),
      ...(inputs.order ? { order: inputs.order.map(swap) } : {}),
      ...(inputs.steps ? { steps: inputs.steps.map((s) => ({ ...s, properties: s.properties.map(swap) })) } : {}),
    });
    return true;
  };
  const add = () => {
    const key = uniqueKey(inputs);
    const steps = inputs.steps?.length ? inputs.steps.map((s, i, all) => (i === all.length - 1 ? { ...s, properties: [...s.properties, key] } : s)) : inputs.steps;
    write({ ...inputs, properties: { ...inputs.properties, [key]: { type: "string", title: "New input" } }, ...(inputs.order ? { order: [...inputs.order, key] } : {}), ...(steps ? { steps } : {}) });
  };

  return (
    // On wide screens the preview stays beside the cards as the admin scrolls through them.
    <div className="wide space-y-4 xl:grid xl:grid-cols-[minmax(0,1fr)_22rem] xl:items-start xl:gap-4 xl:space-y-0">
      <section aria-label="User inputs" className="space-y-3">
        <div className="flex items-center justify-between gap-2">
          <h3 className="text-sm font-semibold">User inputs</h3>
          <StepsControl inputs={inputs} keys={keys} onChange={write} />
        </div>
        {errorAt("/userInputs") && !keys.some((k) => errorAt(`/userInputs/properties/${k}`)) ? <p className="text-sm text-red-600 dark:text-red-400">{errorAt("/userInputs")}</p> : null}
        {keys.length === 0 ? <p className="text-sm text-zinc-500">No inputs: the action runs without asking anything.</p> : null}
        <ol className="space-y-3">
          {keys.map((key, i) => (
            <li key={key}>
              <InputCard
                inputKey={key}
                schema={inputs.properties[key]!}
                inputs={inputs}
                required={inputs.required.includes(key)}
                first={i === 0}
                last={i === keys.length - 1}
                error={errorAt(`/userInputs/properties/${key}`)}
                onChange={(schema) => setInput(key, schema)}
                onRequired={(r) => setRequired(key, r)}
                onRename={(to) => rename(key, to)}
                onMove={(by) => move(i, by)}
                onRemove={() => remove(key)}
                onStep={(step) => write({ ...inputs, steps: inputs.steps?.map((s, k) => ({ ...s, properties: k === step ? [...s.properties.filter((p) => p !== key), key] : s.properties.filter((p) => p !== key) })) })}
              />
            </li>
          ))}
        </ol>
        <Button type="button" variant="secondary" size="sm" onClick={add}>
          <Plus aria-hidden className="size-4" /> Add input
        </Button>
      </section>
      <section aria-label="Preview of the form" className="space-y-2 rounded-md border border-zinc-200 p-3 xl:sticky xl:top-4 xl:max-h-[calc(100vh-2rem)] xl:overflow-auto dark:border-zinc-800">
        <h3 className="text-sm font-semibold">Preview: the form people fill</h3>
        <PreviewBoundary key={JSON.stringify(inputs)}>
          <RunForm preview form={{ action: { identifier: "preview", title: actionTitle || "this action", blueprint, approval: null }, userInputs: inputs, schema: inputsJsonSchema(inputs), entity: null }} />
        </PreviewBoundary>
        <p className="text-xs text-zinc-500">Defaults written as templates show as written here; they are filled in from the entity when the form opens.</p>
      </section>
    </div>
  );
}

/** `userInputs` as the builder edits it, whatever the draft holds (a new action may have none). */
function normalize(value: unknown): UserInputs {
  const v = (value && typeof value === "object" ? value : {}) as Partial<UserInputs>;
  return {
    ...v,
    properties: v.properties && typeof v.properties === "object" ? v.properties : {},
    required: Array.isArray(v.required) ? v.required : [],
  };
}

function StepsControl({ inputs, keys, onChange }: { inputs: UserInputs; keys: string[]; onChange: (i: UserInputs) => void }) {
  if (!inputs.steps?.length) {
    return keys.length > 1 ? (
      <Button type="button" variant="ghost" size="sm" onClick={() => onChange({ ...inputs, steps: [{ title: "Details", properties: keys }] })}>
        Split into steps
      </Button>
    ) : null;
  }
  const steps = inputs.steps;
  return (
    <div className="flex flex-wrap items-center gap-2">
      {steps.map((s, i) => (
        <Input
          key={i}
          aria-label={`Title of step ${i + 1}`}
          className="h-8 w-32"
          value={s.title}
          onChange={(e) => onChange({ ...inputs, steps: steps.map((x, k) => (k === i ? { ...x, title: e.target.value } : x)) })}
        />
      ))}
      <Button type="button" variant="ghost" size="sm" onClick={() => onChange({ ...inputs, steps: [...steps, { title: `Step ${steps.length + 1}`, properties: [] }] })}>
        <Plus aria-hidden className="size-4" /> Step
      </Button>
      <Button type="button" variant="ghost" size="sm" onClick={() => onChange({ ...inputs, steps: undefined })}>
        One page
      </Button>
    </div>
  );
}

function InputCard({
  inputKey,
  schema,
  inputs,
  required,
  first,
  last,
  error,
  onChange,
  onRequired,
  onRename,
  onMove,
  onRemove,
  onStep,
}: {
  inputKey: string;
  schema: InputSchema;
  inputs: UserInputs;
  required: boolean;
  first: boolean;
  last: boolean;
  error?: string;
  onChange: (s: InputSchema) => void;
  onRequired: (r: boolean) => void;
  onRename: (to: string) => boolean;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
  onStep: (step: number) => void;
}) {
  const kind = kindOf(schema);
  const set = (patch: Record<string, unknown>) => {
    const next: InputSchema = { ...schema, ...patch };
    for (const [k, v] of Object.entries(patch)) if (v === undefined) delete next[k];
    onChange(next);
  };
  const title = typeof schema.title === "string" ? schema.title : "";
  const others = Object.keys(inputs.properties).filter((k) => k !== inputKey);
  const otherFields: QueryFieldOption[] = others.map((k) => {
    const s = inputs.properties[k]!;
    return { key: `p:${k}`, label: typeof s.title === "string" && s.title ? s.title : k, field: { property: k }, kind: kindOf(s).field, enum: Array.isArray(s.enum) ? s.enum : undefined };
  });
  const step = inputs.steps?.findIndex((s) => s.properties.includes(inputKey)) ?? -1;
  const choices = Array.isArray(schema.enum) ? schema.enum : undefined;
  return (
    <div role="group" aria-label={`Input ${title || inputKey}`} className="space-y-3 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
      <div className="grid gap-2 sm:grid-cols-2">
        <KeyField inputKey={inputKey} onRename={onRename} />
        <Field label="Title">{(p) => <Input {...p} value={title} onChange={(e) => set({ title: e.target.value || undefined })} />}</Field>
        <Field label="Kind">
          {(p) => (
            <Select
              {...p}
              value={kind.id}
              onChange={(e) => {
                const next = kinds.find((k) => k.id === e.target.value)!;
                const kept = Object.fromEntries(Object.entries(schema).filter(([k]) => !kindKeywords.includes(k) && k !== "default"));
                onChange({ ...kept, ...next.schema });
              }}
            >
              {kinds.map((k) => (
                <option key={k.id} value={k.id}>
                  {k.label}
                </option>
              ))}
            </Select>
          )}
        </Field>
        {inputs.steps?.length ? (
          <Field label="Step">
            {(p) => (
              <Select {...p} value={String(step)} onChange={(e) => onStep(Number(e.target.value))}>
                {step < 0 ? <option value="-1">Choose…</option> : null}
                {inputs.steps!.map((s, i) => (
                  <option key={i} value={String(i)}>
                    {s.title || `Step ${i + 1}`}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        ) : null}
      </div>
      <Field label="Description" hint="Shown under the field">
        {(p) => <Textarea {...p} rows={2} value={typeof schema.description === "string" ? schema.description : ""} onChange={(e) => set({ description: e.target.value || undefined })} />}
      </Field>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={required} onChange={(e) => onRequired(e.target.checked)} /> Required
      </label>
      {kind.id === "text" || kind.id === "number" ? (
        <ListField
          label="Choices"
          hint="Comma-separated; empty: anything"
          values={choices}
          number={kind.id === "number"}
          onChange={(values) => set({ enum: values?.length ? values : undefined })}
        />
      ) : null}
      {kind.id === "entity" ? <EntityPickerFields schema={schema} set={set} /> : null}
      {kind.id !== "secret" && kind.id !== "object" ? <DefaultField kind={kind} value={schema.default} onChange={(d) => set({ default: d })} /> : null}
      <Field label="Message when it does not fit" hint="Your words in place of the form's own when the value is refused (JSON Schema errorMessage); empty: the form's own">
        {(p) => (
          <Input
            {...p}
            value={typeof schema.errorMessage === "string" ? schema.errorMessage : ""}
            placeholder="Lowercase letters, digits and dashes, up to 40"
            onChange={(e) => set({ errorMessage: e.target.value || undefined })}
          />
        )}
      </Field>
      {others.length ? (
        <QueryBuilder
          label="Shown only when"
          fields={otherFields}
          allowedOperators={visibleOperators}
          value={schema.visible}
          optional
          collapsed="Show it only when…"
          emptyHint="No conditions: always shown."
          onChange={(visible) => set({ visible })}
        />
      ) : null}
      {others.length ? (
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium">Waits for</legend>
          <p className="text-xs text-zinc-500">Disabled until these have values, and cleared when they change.</p>
          <div className="flex flex-wrap gap-3">
            {others.map((k) => (
              <label key={k} className="flex items-center gap-1.5 text-sm">
                <input
                  type="checkbox"
                  checked={Array.isArray(schema.dependsOn) && schema.dependsOn.includes(k)}
                  onChange={(e) => {
                    const now = (Array.isArray(schema.dependsOn) ? schema.dependsOn : []).filter((d) => d !== k);
                    set({ dependsOn: e.target.checked ? [...now, k] : now.length ? now : undefined });
                  }}
                />
                {otherFields.find((f) => f.key === `p:${k}`)?.label ?? k}
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}
      <KeptKeywords schema={schema} />
      {error ? <p className="text-sm text-red-600 dark:text-red-400">{error}</p> : null}
      <div className="flex gap-2">
        <Button type="button" variant="secondary" size="sm" aria-label={`Move ${title || inputKey} up`} disabled={first} onClick={() => onMove(-1)}>
          <ArrowUp aria-hidden className="size-4" />
        </Button>
        <Button type="button" variant="secondary" size="sm" aria-label={`Move ${title || inputKey} down`} disabled={last} onClick={() => onMove(1)}>
          <ArrowDown aria-hidden className="size-4" />
        </Button>
        <Button type="button" variant="secondary" size="sm" aria-label={`Remove ${title || inputKey}`} onClick={onRemove}>
          <Trash2 aria-hidden className="size-4" />
        </Button>
      </div>
    </div>
  );
}

/** The input's key, renamed when the edit is done (references to it follow); a taken or empty key is refused. */
function KeyField({ inputKey, onRename }: { inputKey: string; onRename: (to: string) => boolean }) {
  return (
    <Field label="Key" hint="How templates and the API name it (inputs.key)">
      {(p) => (
        <CommitInput
          {...p}
          value={inputKey}
          onCommit={(text, input) => {
            if (!onRename(text.trim())) input.value = inputKey;
          }}
        />
      )}
    </Field>
  );
}

function EntityPickerFields({ schema, set }: { schema: InputSchema; set: (patch: Record<string, unknown>) => void }) {
  const trpc = useTRPC();
  const blueprints = useQuery(trpc.catalog.blueprints.queryOptions()).data;
  const picked = typeof schema.blueprint === "string" ? schema.blueprint : "";
  const bp = useQuery(trpc.catalog.blueprint.queryOptions({ identifier: picked }, { enabled: Boolean(picked) })).data;
  return (
    <>
      <Field label="Picks from">
        {(p) => (
          <Select {...p} value={picked} onChange={(e) => set({ blueprint: e.target.value || undefined, dataset: undefined })}>
            <option value="">Choose a blueprint…</option>
            {blueprints?.map((b) => (
              <option key={b.identifier} value={b.identifier}>
                {b.title}
              </option>
            ))}
          </Select>
        )}
      </Field>
      {picked ? (
        <QueryBuilder label="Which entities it offers" blueprint={bp} value={schema.dataset} optional collapsed="Offer only some of its entities…" emptyHint="No conditions: every entity of the blueprint." onChange={(dataset) => set({ dataset })} />
      ) : null}
    </>
  );
}

function ListField({ label, hint, values, number, onChange }: { label: string; hint: string; values: unknown[] | undefined; number: boolean; onChange: (v: unknown[] | undefined) => void }) {
  const shown = (values ?? []).map(String).join(", ");
  return (
    <Field label={label} hint={hint}>
      {(p) => (
        <CommitInput
          {...p}
          value={shown}
          onCommit={(text) => {
            const parts = text
              .split(",")
              .map((s) => s.trim())
              .filter(Boolean);
            onChange(number ? parts.map(Number).filter((n) => !Number.isNaN(n)) : parts);
          }}
        />
      )}
    </Field>
  );
}

/** The default: typed as the kind's value, or a `{{ template }}` over the entity, kept as text. */
function DefaultField({ kind, value, onChange }: { kind: Kind; value: unknown; onChange: (v: unknown) => void }) {
  if (kind.id === "boolean") {
    return (
      <Field label="Default">
        {(p) => (
          <Select {...p} value={value === true ? "true" : value === false ? "false" : ""} onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value === "true")}>
            <option value="">None</option>
            <option value="true">Yes</option>
            <option value="false">No</option>
          </Select>
        )}
      </Field>
    );
  }
  const shown = Array.isArray(value) ? value.map(String).join(", ") : value === undefined || value === null ? "" : String(value);
  return (
    <Field label="Default" hint={kind.id === "list" ? "Comma-separated; or a {{ template }}" : "A value, or a {{ template }} over the entity (such as {{ entity.title }})"}>
      {(p) => (
        <CommitInput
          {...p}
          value={shown}
          onCommit={(text) => {
            if (text.trim() === "") return onChange(undefined);
            if (text.includes("{{")) return onChange(text);
            if (kind.id === "number") return onChange(Number.isNaN(Number(text)) ? text : Number(text));
            if (kind.id === "list")
              return onChange(
                text
                  .split(",")
                  .map((s) => s.trim())
                  .filter(Boolean),
              );
            onChange(text);
          }}
        />
      )}
    </Field>
  );
}

const shownKeywords = new Set([...kindKeywords, "title", "description", "default", "visible", "dependsOn", "errorMessage"]);

/** JSON Schema keywords of the input that the builder has no control for: kept, and named. */
function KeptKeywords({ schema }: { schema: InputSchema }) {
  const kept = Object.keys(schema).filter((k) => !shownKeywords.has(k));
  return kept.length ? <p className="text-xs text-zinc-500">Also kept as written (edit in the JSON tab): {kept.join(", ")}</p> : null;
}

/** A draft whose inputs do not make a form yet says so instead of breaking the editor. */
class PreviewBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  render() {
    return this.state.failed ? <p className="text-sm text-zinc-500">These inputs do not make a form yet; the problems are listed below the editor.</p> : this.props.children;
  }
}

/**
 * Text edited freely and handed over when the edit is done (the field is left, or Enter is pressed), not at
 * each keystroke: what it becomes (a renamed key, a list, a typed default) would fight the typing otherwise.
 */
function CommitInput({ value, onCommit, ...props }: Omit<React.ComponentProps<"input">, "value" | "defaultValue" | "onBlur" | "onKeyDown"> & { value: string; onCommit: (text: string, input: HTMLInputElement) => void }) {
  return (
    <Input
      {...props}
      key={value}
      defaultValue={value}
      onBlur={(e) => onCommit(e.target.value, e.target)}
      onKeyDown={(e) => {
        if (e.key === "Enter") {
          e.preventDefault();
          e.currentTarget.blur();
        }
      }}
    />
  );
}
