"use client";

import { useQuery } from "@tanstack/react-query";
import { useCombobox } from "downshift";
import { Check } from "lucide-react";
import { useState } from "react";
import { useTRPC } from "../trpc/client";
import type { EntitySearch } from "@/server/catalog/search";
import { Input } from "../ui/field";

type Found = { identifier: string; title: string | null };

/**
 * A combobox that searches one blueprint's entities on the server as you type (optionally within a
 * Query) and hands the chosen identifier to `onChoose`. Relation pickers and action forms use it.
 * The WAI-ARIA combobox pattern comes from downshift's `useCombobox`: ArrowDown / ArrowUp move through
 * the options (the first is highlighted as results come), Enter chooses the highlighted one without
 * submitting the form, Escape closes the list and then clears the text, Home / End and mouse work too.
 */
export function EntitySearch({
  id,
  label,
  blueprint,
  query,
  selected,
  onChoose,
  disabled,
  invalid,
}: {
  id: string;
  /** The accessible name of the input and of its list (the visible label names it too, by `htmlFor`). */
  label: string;
  blueprint: string;
  query?: EntitySearch["query"];
  selected: string[];
  onChoose: (identifier: string) => void;
  disabled?: boolean;
  invalid?: boolean;
}) {
  const trpc = useTRPC();
  const [text, setText] = useState("");
  const [focused, setFocused] = useState(false);
  const results = useQuery({
    ...trpc.catalog.entities.queryOptions({ blueprint, q: text.trim() || undefined, limit: 8, ...(query ? { query } : {}) }),
    // Fetched once the field has focus, so that ArrowDown finds the options there.
    enabled: focused && Boolean(blueprint),
  });
  // Only the answer to the text as it is now: Enter never chooses from an earlier search's list.
  const items: Found[] = results.data?.items ?? [];
  const { isOpen, highlightedIndex, getInputProps, getMenuProps, getItemProps, openMenu } = useCombobox<Found>({
    id: `${id}-combobox`,
    inputId: id,
    items,
    // The text is downshift's own (a controlled one loses keystrokes typed faster than a render); the search follows it.
    selectedItem: null,
    defaultHighlightedIndex: 0,
    itemToString: (e) => (e ? (e.title ?? e.identifier) : ""),
    itemToKey: (e) => e?.identifier,
    onInputValueChange: ({ inputValue }) => setText(inputValue ?? ""),
    onSelectedItemChange: ({ selectedItem }) => {
      if (selectedItem) onChoose(selectedItem.identifier);
    },
    // Choosing clears the text for the next search rather than showing the chosen title in it.
    stateReducer: (_state, { type, changes }) =>
      type === useCombobox.stateChangeTypes.InputKeyDownEnter || type === useCombobox.stateChangeTypes.ItemClick ? { ...changes, inputValue: "" } : changes,
    getA11yStatusMessage: ({ isOpen: open }) => (!open ? "" : results.isPending ? "Searching" : `${items.length} ${items.length === 1 ? "result" : "results"}`),
  });
  return (
    <div className="relative">
      <Input
        {...getInputProps({
          "aria-label": label,
          "aria-invalid": invalid || undefined,
          disabled,
          placeholder: `Search ${blueprint}…`,
          onFocus: () => {
            setFocused(true);
            if (!isOpen) openMenu();
          },
        })}
      />
      <ul
        {...getMenuProps({ "aria-label": `${label}: options` })}
        className={
          isOpen ? "absolute z-30 mt-1 max-h-56 w-full overflow-auto rounded-md border border-zinc-200 bg-white shadow-lg dark:border-zinc-800 dark:bg-zinc-900" : "hidden"
        }
      >
        {!isOpen ? null : results.isError ? (
          <li role="presentation" className="px-3 py-2 text-sm text-red-600 dark:text-red-400">
            {results.error.message}
          </li>
        ) : items.length === 0 ? (
          <li role="presentation" className="px-3 py-2 text-sm text-zinc-600 dark:text-zinc-400">
            {results.isPending || results.isFetching ? "Searching…" : `No ${blueprint} matches`}
          </li>
        ) : (
          items.map((e, index) => (
            <li
              key={e.identifier}
              {...getItemProps({ item: e, index })}
              className={`flex cursor-pointer items-center gap-2 px-3 py-1.5 text-sm ${highlightedIndex === index ? "bg-zinc-100 dark:bg-zinc-800" : ""}`}
            >
              <span className="min-w-0 flex-1 truncate">
                {e.title ?? e.identifier} <span className="text-xs text-zinc-600 dark:text-zinc-400">{e.identifier}</span>
              </span>
              {selected.includes(e.identifier) ? <Check aria-label="chosen" className="size-4 shrink-0 text-green-700 dark:text-green-400" /> : null}
            </li>
          ))
        )}
      </ul>
    </div>
  );
}
