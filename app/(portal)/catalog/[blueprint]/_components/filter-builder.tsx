"use client";

import { Filter } from "lucide-react";
import { useState } from "react";
import type { UrlCondition, UrlQuery } from "@/components/catalog/query-url";
import type { Blueprint } from "@/components/trpc/types";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { operatorWords } from "@/components/catalog/operator-words";
import { Field, Input, Select } from "@/components/ui/field";

type FieldOption = { key: string; label: string; field: Partial<UrlCondition>; kind: "string" | "number" | "boolean" | "array" | "date" | "relation"; enum?: unknown[] };

const operatorsFor: Record<FieldOption["kind"], string[]> = {
  // Only what fits each type: "less than" means nothing for text.
  string: ["=", "!=", "contains", "doesNotContain", "beginsWith", "endsWith", "in", "isEmpty", "isNotEmpty"],
  number: ["=", "!=", "<", ">", "<=", ">=", "between", "in", "isEmpty", "isNotEmpty"],
  boolean: ["=", "!=", "isEmpty", "isNotEmpty"],
  array: ["contains", "containsAny", "doesNotContain", "isEmpty", "isNotEmpty"],
  relation: ["=", "!=", "in", "isEmpty", "isNotEmpty"],
  date: ["<", ">", "between"],
};

function fieldOptions(bp: Blueprint): FieldOption[] {
  return [
    { key: "m:$identifier", label: "Identifier", field: { meta: "$identifier" }, kind: "string" },
    { key: "m:$title", label: "Title", field: { meta: "$title" }, kind: "string" },
    { key: "m:$team", label: "Owners", field: { meta: "$team" }, kind: "relation" },
    { key: "m:$updatedAt", label: "Updated", field: { meta: "$updatedAt" }, kind: "date" },
    { key: "m:$createdAt", label: "Created", field: { meta: "$createdAt" }, kind: "date" },
    ...Object.entries(bp.schema.properties).map(([k, d]) => ({
      key: `p:${k}`,
      label: d.title ?? k,
      field: { property: k },
      kind: (d.format === "date-time" ? "date" : d.type === "object" ? "string" : d.type) as FieldOption["kind"],
      enum: d.enum,
    })),
    // Aggregation properties filter in SQL like stored numbers; calculation properties (jq, run on read) cannot.
    ...Object.entries(bp.aggregationProperties ?? {}).map(([k, a]) => ({ key: `p:${k}`, label: a.title ?? k, field: { property: k }, kind: "number" as const })),
    ...Object.entries(bp.relations).map(([k, r]) => ({ key: `r:${k}`, label: r.title ?? k, field: { relation: k }, kind: "relation" as const })),
  ];
}

/** Turns what the person typed into the value the operator takes (lists are comma-separated). */
function toValue(kind: FieldOption["kind"], operator: string, raw: string): unknown {
  const one = (s: string) => (kind === "number" ? Number(s) : kind === "boolean" ? s === "true" : kind === "date" ? new Date(s).toISOString() : s);
  if (["in", "containsAny"].includes(operator)) return raw.split(",").map((s) => one(s.trim())).filter((v) => v !== "");
  if (operator === "between") return raw.split(",").slice(0, 2).map((s) => one(s.trim()));
  return one(raw);
}

export function FilterBuilder({ blueprint, query, onChange }: { blueprint: Blueprint; query: UrlQuery; onChange: (q: UrlQuery) => void }) {
  const options = fieldOptions(blueprint);
  const [open, setOpen] = useState(false);
  const [fieldKey, setFieldKey] = useState(options[0]!.key);
  const option = options.find((o) => o.key === fieldKey)!;
  const [operator, setOperator] = useState(operatorsFor[option.kind][0]!);
  const [raw, setRaw] = useState("");
  const needsValue = !operator.startsWith("is");
  const value = needsValue ? toValue(option.kind, operator, raw) : undefined;
  const invalid =
    needsValue &&
    (raw.trim() === "" ||
      (Array.isArray(value) ? value.some((v) => Number.isNaN(v as number)) || (operator === "between" && value.length !== 2) : Number.isNaN(value as number)));

  return (
    <>
      <Button variant="secondary" size="sm" onClick={() => setOpen(true)}>
        <Filter aria-hidden className="size-4" /> Add filter
      </Button>
      <Dialog open={open} onOpenChange={setOpen} title="Add a filter" description="Entities must match every filter.">
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            if (invalid) return;
            onChange({ ...query, rules: [...query.rules, { ...option.field, operator, ...(needsValue ? { value } : {}) } as UrlCondition] });
            setRaw("");
            setOpen(false);
          }}
        >
          <Field label="Field">
            {(p) => (
              <Select
                {...p}
                value={fieldKey}
                onChange={(e) => {
                  const next = options.find((o) => o.key === e.target.value)!;
                  setFieldKey(next.key);
                  setOperator(operatorsFor[next.kind][0]!);
                }}
              >
                {options.map((o) => (
                  <option key={o.key} value={o.key}>
                    {o.label}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field label="Operator">
            {(p) => (
              <Select {...p} value={operator} onChange={(e) => setOperator(e.target.value)}>
                {operatorsFor[option.kind].map((o) => (
                  <option key={o} value={o}>
                    {operatorWords(o, option.kind)}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          {needsValue ? (
            <Field
              label="Value"
              hint={["in", "containsAny"].includes(operator) ? "Separate values with commas" : operator === "between" ? "From, to" : option.kind === "date" ? "A date such as 2026-01-31" : undefined}
            >
              {(p) =>
                option.enum && !["in", "containsAny", "between"].includes(operator) ? (
                  <Select {...p} value={raw} onChange={(e) => setRaw(e.target.value)}>
                    <option value="">Choose…</option>
                    {option.enum.map((v) => (
                      <option key={String(v)}>{String(v)}</option>
                    ))}
                  </Select>
                ) : (
                  <Input {...p} value={raw} onChange={(e) => setRaw(e.target.value)} type={option.kind === "date" && operator !== "between" ? "date" : "text"} />
                )
              }
            </Field>
          ) : null}
          <Button type="submit" disabled={Boolean(invalid)}>
            Apply filter
          </Button>
        </form>
      </Dialog>
    </>
  );
}
