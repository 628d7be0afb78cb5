"use client";

import { Filter } from "lucide-react";
import { useState } from "react";
import type { UrlCondition, UrlQuery } from "@/components/catalog/query-url";
import type { Blueprint } from "@/components/trpc/types";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { operatorWords } from "@/components/catalog/operator-words";
import { Field, Input, Select } from "@/components/ui/field";
import { listOperators, needsValue as takesValue, operatorsFor, queryFields, toValue } from "@/components/query/fields";

export function FilterBuilder({ blueprint, query, onChange }: { blueprint: Blueprint; query: UrlQuery; onChange: (q: UrlQuery) => void }) {
  const options = queryFields(blueprint);
  const [open, setOpen] = useState(false);
  const [fieldKey, setFieldKey] = useState(options[0]!.key);
  const option = options.find((o) => o.key === fieldKey)!;
  const [operator, setOperator] = useState(operatorsFor[option.kind][0]!);
  const [raw, setRaw] = useState("");
  const needsValue = takesValue(operator);
  const converted = needsValue ? toValue(option.kind, operator, raw) : undefined;
  const value = converted?.value;
  const invalid = needsValue && (raw.trim() === "" || Boolean(converted?.error));

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
              error={raw.trim() !== "" ? converted?.error : undefined}
              hint={["in", "containsAny"].includes(operator) ? "Separate values with commas" : operator === "between" ? "From, to" : option.kind === "date" ? "A date such as 2026-01-31" : undefined}
            >
              {(p) =>
                option.enum && !listOperators.has(operator) ? (
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
