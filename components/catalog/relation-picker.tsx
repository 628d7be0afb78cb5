"use client";

import { X } from "lucide-react";
import { useId } from "react";
import { EntitySearch } from "./entity-search";

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
  const id = useId();
  const choose = (identifier: string) => onChange(many ? [...new Set([...value, identifier])] : [identifier]);
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
      <EntitySearch id={id} label={label} blueprint={target} selected={value} invalid={Boolean(error)} onChoose={choose} />
      {error ? <p className="text-sm text-red-600 dark:text-red-400">{error}</p> : null}
    </div>
  );
}
