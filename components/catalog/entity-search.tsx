"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../trpc/client";
import type { EntitySearch } from "@/server/catalog/search";
import { Input } from "../ui/field";

/**
 * A combobox that searches one blueprint's entities on the server as you type (optionally within a
 * Query) and hands the chosen identifier to `onChoose`. Relation pickers and action forms use it.
 */
export function EntitySearch({
  id,
  blueprint,
  query,
  selected,
  onChoose,
  disabled,
  invalid,
}: {
  id: string;
  blueprint: string;
  query?: EntitySearch["query"];
  selected: string[];
  onChoose: (identifier: string) => void;
  disabled?: boolean;
  invalid?: boolean;
}) {
  const trpc = useTRPC();
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const results = useQuery({
    ...trpc.catalog.entities.queryOptions({ blueprint, q: text.trim() || undefined, limit: 8, ...(query ? { query } : {}) }),
    enabled: open && Boolean(blueprint),
  });
  return (
    <div className="relative">
      <Input
        id={id}
        role="combobox"
        aria-expanded={open}
        aria-controls={`${id}-list`}
        aria-invalid={invalid}
        disabled={disabled}
        placeholder={`Search ${blueprint}…`}
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
            <li className="px-3 py-2 text-sm text-zinc-500">No {blueprint} matches</li>
          ) : (
            results.data.items.map((e) => (
              <li
                key={e.identifier}
                role="option"
                aria-selected={selected.includes(e.identifier)}
                className="cursor-pointer px-3 py-1.5 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800"
                onMouseDown={(ev) => ev.preventDefault()}
                onClick={() => {
                  onChoose(e.identifier);
                  setText("");
                  setOpen(false);
                }}
              >
                {e.title ?? e.identifier} <span className="text-xs text-zinc-500">{e.identifier}</span>
              </li>
            ))
          )}
        </ul>
      ) : null}
    </div>
  );
}
