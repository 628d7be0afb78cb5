"use client";

import { useQuery } from "@tanstack/react-query";
import { X } from "lucide-react";
import { useId, useState } from "react";
import { useTRPC } from "../trpc/client";
import { Input } from "../ui/field";

/** Picks one or many entities of the target blueprint, searching as you type. */
export function RelationPicker({
  label,
  target,
  many,
  value,
  onChange,
  error,
}: {
  label: string;
  target: string;
  many: boolean;
  value: string[];
  onChange: (ids: string[]) => void;
  error?: string;
}) {
  const trpc = useTRPC();
  const id = useId();
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const results = useQuery({
    ...trpc.catalog.entities.queryOptions({ blueprint: target, q: text.trim() || undefined, limit: 8 }),
    enabled: open,
  });
  const choose = (identifier: string) => {
    onChange(many ? [...new Set([...value, identifier])] : [identifier]);
    setText("");
    setOpen(false);
  };
  return (
    <div className="relative space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {value.length ? (
        <ul className="flex flex-wrap gap-1" aria-label={`${label}: chosen`}>
          {value.map((v) => (
            <li key={v} className="inline-flex items-center gap-1 rounded bg-zinc-100 px-1.5 py-0.5 text-xs dark:bg-zinc-800">
              {v}
              <button type="button" aria-label={`Remove ${v}`} onClick={() => onChange(value.filter((x) => x !== v))}>
                <X aria-hidden className="size-3" />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <Input
        id={id}
        role="combobox"
        aria-expanded={open}
        aria-controls={`${id}-list`}
        aria-invalid={Boolean(error)}
        placeholder={`Search ${target}…`}
        value={text}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
        }}
      />
      {open ? (
        <ul id={`${id}-list`} role="listbox" className="absolute z-30 mt-1 max-h-56 w-full overflow-auto rounded-md border border-zinc-200 bg-white shadow-lg dark:border-zinc-800 dark:bg-zinc-900">
          {results.isPending ? (
            <li className="px-3 py-2 text-sm text-zinc-500">Searching…</li>
          ) : results.isError ? (
            <li className="px-3 py-2 text-sm text-red-600">{results.error.message}</li>
          ) : results.data.items.length === 0 ? (
            <li className="px-3 py-2 text-sm text-zinc-500">No {target} matches</li>
          ) : (
            results.data.items.map((e) => (
              <li
                key={e.identifier}
                role="option"
                aria-selected={value.includes(e.identifier)}
                className="cursor-pointer px-3 py-1.5 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800"
                onMouseDown={(ev) => ev.preventDefault()}
                onClick={() => choose(e.identifier)}
              >
                {e.title ?? e.identifier} <span className="text-xs text-zinc-500">{e.identifier}</span>
              </li>
            ))
          )}
        </ul>
      ) : null}
      {error ? <p className="text-sm text-red-600 dark:text-red-400">{error}</p> : null}
    </div>
  );
}
