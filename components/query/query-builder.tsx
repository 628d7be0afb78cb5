"use client";

import { Plus, Trash2 } from "lucide-react";
import { useId, useState } from "react";
import { operatorWords } from "@/components/catalog/operator-words";
import { Button } from "@/components/ui/button";
import { EditorModeTabs } from "@/components/ui/editor-mode-tabs";
import { Input, Select, Textarea } from "@/components/ui/field";
import { fieldKeyOf, fromValue, listOperators, needsValue, operatorsFor, queryFields, toValue, type FieldKind, type QueryBlueprint, type QueryFieldOption } from "./fields";

/**
 * The Query builder of scorecard rules and filters, action conditions and entity pickers' datasets: groups
 * of conditions (all of / any of, nested), each a field of the blueprint, an operator in words that fits
 * its type and a value, with a JSON tab on the same value. The builder writes the Query JSON that the JSON
 * tab shows and the API takes; rules it has no controls for (about related entities, comparing two
 * fields) are kept as they are and said in words, to be edited in the JSON tab.
 */

type Json = unknown;
type Group = { combinator: "and" | "or"; rules: Json[] };
type Condition = { property?: string; relation?: string; meta?: string; operator: string; value?: Json };

const isGroup = (r: Json): r is Group => Boolean(r) && typeof r === "object" && "combinator" in (r as object) && Array.isArray((r as Group).rules);
const isCondition = (r: Json): r is Condition =>
  Boolean(r) && typeof r === "object" && typeof (r as Condition).operator === "string" && !("valueFrom" in (r as object)) && ["property", "relation", "meta"].some((k) => k in (r as object));

export function QueryBuilder({
  label,
  blueprint,
  fields: ownFields,
  allowedOperators,
  value,
  onChange,
  optional,
  emptyHint,
  collapsed,
}: {
  label: string;
  /** The blueprint the Query is about; without one (not chosen yet) only the JSON tab is offered. */
  blueprint?: QueryBlueprint | undefined;
  /** Instead of a blueprint's: the fields a condition may name (an action's other inputs). */
  fields?: QueryFieldOption[];
  /** Only these operators (where a Query's subset is accepted). */
  allowedOperators?: string[];
  value: Json;
  onChange: (query: Json) => void;
  /** An empty Query is written as nothing (`undefined`) rather than `{combinator: "and", rules: []}`. */
  optional?: boolean;
  emptyHint?: string;
  /** With no Query yet, only a button with this text, which opens the builder: for the many optional ones of a long form. */
  collapsed?: string;
}) {
  const [mode, setMode] = useState<"form" | "json">("form");
  const [opened, setOpened] = useState(false);
  const id = useId();
  const group: Group | undefined = value === undefined || value === null ? { combinator: "and", rules: [] } : isGroup(value) ? value : undefined;
  const write = (g: Group) => onChange(optional && g.rules.length === 0 ? undefined : g);
  const fields = ownFields ?? (blueprint ? queryFields(blueprint) : undefined);
  const operators = (kind: FieldKind) => (allowedOperators ? operatorsFor[kind].filter((o) => allowedOperators.includes(o)) : operatorsFor[kind]);
  if (collapsed && !opened && (value === undefined || value === null)) {
    return (
      <Button type="button" variant="ghost" size="sm" onClick={() => setOpened(true)}>
        <Plus aria-hidden className="size-4" /> {collapsed}
      </Button>
    );
  }
  return (
    <fieldset className="space-y-2 rounded-md border border-zinc-200 p-3 dark:border-zinc-800" aria-labelledby={`${id}-label`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span id={`${id}-label`} className="text-sm font-medium">
          {label}
        </span>
        <EditorModeTabs mode={mode} onChange={setMode} jsonInvalid={!group || !fields?.length} label={label} formLabel="Builder" />
      </div>
      {mode === "json" || !group || !fields?.length ? (
        <QueryJson value={value} onChange={onChange} optional={optional} />
      ) : (
        <>
          {group.rules.length === 0 && emptyHint ? <p className="text-xs text-zinc-500">{emptyHint}</p> : null}
          <GroupEditor group={group} fields={fields} operators={operators} onChange={write} depth={0} />
        </>
      )}
    </fieldset>
  );
}

type OperatorsOf = (kind: FieldKind) => string[];

function GroupEditor({
  group,
  fields,
  operators,
  onChange,
  onRemove,
  depth,
}: {
  group: Group;
  fields: QueryFieldOption[];
  operators: OperatorsOf;
  onChange: (g: Group) => void;
  onRemove?: () => void;
  depth: number;
}) {
  const setRule = (i: number, rule: Json) => onChange({ ...group, rules: group.rules.map((r, k) => (k === i ? rule : r)) });
  const removeRule = (i: number) => onChange({ ...group, rules: group.rules.filter((_, k) => k !== i) });
  const first = fields[0]!;
  return (
    <div className={depth ? "space-y-2 rounded-md border border-dashed border-zinc-300 p-2 dark:border-zinc-700" : "space-y-2"}>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span>Match</span>
        <Select aria-label="Match all or any" className="w-auto" value={group.combinator} onChange={(e) => onChange({ ...group, combinator: e.target.value === "or" ? "or" : "and" })}>
          <option value="and">all of</option>
          <option value="or">any of</option>
        </Select>
        <span>these conditions</span>
        {onRemove ? (
          <Button type="button" variant="ghost" size="sm" onClick={onRemove} aria-label="Remove this group">
            <Trash2 aria-hidden className="size-4" />
          </Button>
        ) : null}
      </div>
      <ul className="space-y-2">
        {group.rules.map((rule, i) => (
          <li key={i}>
            {isGroup(rule) ? (
              <GroupEditor group={rule} fields={fields} operators={operators} depth={depth + 1} onChange={(g) => setRule(i, g)} onRemove={() => removeRule(i)} />
            ) : isCondition(rule) ? (
              <ConditionEditor condition={rule} fields={fields} operators={operators} onChange={(c) => setRule(i, c)} onRemove={() => removeRule(i)} />
            ) : (
              <KeptRule rule={rule} onRemove={() => removeRule(i)} />
            )}
          </li>
        ))}
      </ul>
      <div className="flex flex-wrap gap-2">
        <Button type="button" variant="secondary" size="sm" onClick={() => onChange({ ...group, rules: [...group.rules, { ...first.field, operator: operators(first.kind)[0]!, value: "" }] })}>
          <Plus aria-hidden className="size-4" /> Add condition
        </Button>
        {depth < 3 ? (
          <Button type="button" variant="ghost" size="sm" onClick={() => onChange({ ...group, rules: [...group.rules, { combinator: group.combinator === "and" ? "or" : "and", rules: [] }] })}>
            <Plus aria-hidden className="size-4" /> Add group
          </Button>
        ) : null}
      </div>
    </div>
  );
}

/** The field an unknown key stands for (a property no longer in the blueprint): kept, and named as such. */
function optionFor(fields: QueryFieldOption[], condition: Condition): QueryFieldOption {
  const key = fieldKeyOf(condition);
  const known = fields.find((f) => f.key === key);
  if (known) return known;
  const name = condition.property ?? condition.relation ?? condition.meta ?? "?";
  const field = condition.property !== undefined ? { property: name } : condition.relation !== undefined ? { relation: name } : { meta: name };
  return { key, label: `${name} (not in the blueprint)`, field, kind: "string" };
}

function ConditionEditor({
  condition,
  fields,
  operators: operatorsOf,
  onChange,
  onRemove,
}: {
  condition: Condition;
  fields: QueryFieldOption[];
  operators: OperatorsOf;
  onChange: (c: Condition) => void;
  onRemove: () => void;
}) {
  const option = optionFor(fields, condition);
  const options = fields.some((f) => f.key === option.key) ? fields : [option, ...fields];
  const fitting = operatorsOf(option.kind);
  const operators = fitting.includes(condition.operator) ? fitting : [condition.operator, ...fitting];
  const withField = (next: QueryFieldOption) => {
    const operator = operatorsOf(next.kind).includes(condition.operator) ? condition.operator : operatorsOf(next.kind)[0]!;
    return { ...next.field, operator, ...(needsValue(operator) ? { value: "" } : {}) } as Condition;
  };
  return (
    <div className="flex flex-wrap items-start gap-2">
      <Select aria-label="Field" className="w-full sm:w-44" value={option.key} onChange={(e) => onChange(withField(options.find((f) => f.key === e.target.value)!))}>
        {options.map((f) => (
          <option key={f.key} value={f.key}>
            {f.label}
          </option>
        ))}
      </Select>
      <Select
        aria-label="Operator"
        className="w-full sm:w-40"
        value={condition.operator}
        onChange={(e) => {
          const operator = e.target.value;
          const list = listOperators.has(operator) !== listOperators.has(condition.operator);
          onChange({ ...option.field, operator, ...(needsValue(operator) ? { value: list || condition.value === undefined ? "" : condition.value } : {}) } as Condition);
        }}
      >
        {operators.map((o) => (
          <option key={o} value={o}>
            {operatorWords(o, option.kind)}
          </option>
        ))}
      </Select>
      {needsValue(condition.operator) ? <ValueInput kind={option.kind} operator={condition.operator} enumValues={option.enum} value={condition.value} onChange={(value) => onChange({ ...condition, value })} /> : null}
      <Button type="button" variant="ghost" size="sm" onClick={onRemove} aria-label={`Remove the condition on ${option.label}`}>
        <Trash2 aria-hidden className="size-4" />
      </Button>
    </div>
  );
}

/**
 * The value as typed: the Query gets it converted (numbers, dates, comma-separated lists) once it reads as
 * one; until then the text stays as typed and says what it must be.
 */
function ValueInput({ kind, operator, enumValues, value, onChange }: { kind: FieldKind; operator: string; enumValues?: unknown[]; value: Json; onChange: (v: Json) => void }) {
  const shown = fromValue(kind, value);
  const [{ text, source }, setState] = useState({ text: shown, source: shown });
  if (source !== shown) setState({ text: shown, source: shown });
  const list = listOperators.has(operator);
  const error = text === "" && value === "" ? undefined : toValue(kind, operator, text).error;
  const id = useId();
  const type = (v: string) => {
    const next = toValue(kind, operator, v);
    if (next.error) return setState({ text: v, source });
    setState({ text: v, source: fromValue(kind, next.value) });
    onChange(next.value);
  };
  const common = { "aria-label": "Value", "aria-invalid": Boolean(error), "aria-describedby": error ? `${id}-error` : undefined, className: "w-full sm:w-48" };
  return (
    <div className="space-y-1">
      {(enumValues?.length || kind === "boolean") && !list ? (
        <Select {...common} value={text} onChange={(e) => type(e.target.value)}>
          <option value="">Choose…</option>
          {(kind === "boolean" ? [true, false] : enumValues!).map((v) => (
            <option key={String(v)} value={String(v)}>
              {String(v)}
            </option>
          ))}
        </Select>
      ) : (
        <Input {...common} value={text} placeholder={list ? (operator === "between" ? "from, to" : "a, b, c") : undefined} type={kind === "date" && !list ? "date" : kind === "number" && !list ? "number" : "text"} onChange={(e) => type(e.target.value)} />
      )}
      {error ? (
        <p id={`${id}-error`} className="text-xs text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A rule the builder has no controls for, said in words and kept as it is. */
function KeptRule({ rule, onRemove }: { rule: Json; onRemove: () => void }) {
  const r = rule as { related?: string; property?: string; operator?: string; valueFrom?: { property?: string } };
  const words =
    typeof r.related === "string"
      ? `At least one ${r.related === "$team" ? "owning team" : `entity of ${r.related}`} matches its own conditions`
      : r.valueFrom
        ? `${r.property} ${operatorWords(r.operator ?? "")} ${r.valueFrom.property}`
        : "A rule written in JSON";
  return (
    <div className="flex items-center gap-2 rounded-md bg-zinc-50 px-2 py-1.5 text-sm dark:bg-zinc-900">
      <span className="flex-1">
        {words} <span className="text-xs text-zinc-500">(edit it in the JSON tab)</span>
      </span>
      <Button type="button" variant="ghost" size="sm" onClick={onRemove} aria-label="Remove this rule">
        <Trash2 aria-hidden className="size-4" />
      </Button>
    </div>
  );
}

/** The same Query as JSON text; it reaches the value only while it parses. */
function QueryJson({ value, onChange, optional }: { value: Json; onChange: (v: Json) => void; optional?: boolean }) {
  const serialized = value === undefined || value === null ? "" : JSON.stringify(value, null, 2);
  // `source` is the value the text last stood for: when the value changes from elsewhere the text follows;
  // while the admin types, it stays as typed.
  const [{ text, source }, setState] = useState({ text: serialized, source: serialized });
  const [error, setError] = useState<string | undefined>();
  const id = useId();
  if (source !== serialized) setState({ text: serialized, source: serialized });
  return (
    <div className="space-y-1">
      <Textarea
        aria-label="Query JSON"
        aria-invalid={Boolean(error)}
        aria-describedby={error ? `${id}-error` : undefined}
        rows={Math.min(12, Math.max(3, text.split("\n").length))}
        className="font-mono text-xs"
        value={text}
        onChange={(e) => {
          const next = e.target.value;
          if (optional && next.trim() === "") {
            setState({ text: next, source: "" });
            setError(undefined);
            return onChange(undefined);
          }
          try {
            const parsed: unknown = JSON.parse(next);
            setState({ text: next, source: JSON.stringify(parsed, null, 2) });
            setError(undefined);
            onChange(parsed);
          } catch {
            setState({ text: next, source });
            setError("Not valid JSON yet");
          }
        }}
      />
      {error ? (
        <p id={`${id}-error`} className="text-xs text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}
