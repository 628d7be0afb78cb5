"use client";

import { useQuery } from "@tanstack/react-query";
import { Command } from "cmdk";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { entityHref } from "../catalog/entity-link";
import { docsPageHref } from "../docs/docs-href";
import { useTRPC } from "../trpc/client";
import { navigation } from "./nav";

/** The palette itself (cmdk and the search), loaded the first time it opens; see command-palette.tsx. */
export function CommandPaletteDialog({ isAdmin, open, setOpen }: { isAdmin: boolean; open: boolean; setOpen: (open: boolean) => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [text, setText] = useState("");
  const [debounced, setDebounced] = useState("");

  useEffect(() => {
    const t = setTimeout(() => setDebounced(text.trim()), 150);
    return () => clearTimeout(t);
  }, [text]);

  const results = useQuery({ ...trpc.catalog.searchAll.queryOptions({ q: debounced, limit: 10 }), enabled: open && debounced.length > 0 });
  const docs = useQuery({ ...trpc.docs.search.queryOptions({ q: debounced, limit: 6 }), enabled: open && debounced.length > 0 });
  // Enter opens the best match: the first entity is selected until the person moves the selection
  // among the results of this search (arrow keys, pointer).
  const first = results.data?.[0];
  const firstValue = first ? `${first.blueprint}/${first.identifier}` : "";
  const [choice, setChoice] = useState<{ for: string; value: string } | null>(null);
  const resultsKey = `${debounced}|${firstValue}`;
  const selected = choice && choice.for === resultsKey ? choice.value : firstValue;
  const go = (href: string) => {
    setOpen(false);
    setText("");
    router.push(href);
  };
  const pages = navigation.filter((n) => !("adminOnly" in n) || isAdmin);

  // A group only when a page matches: an empty "Pages" heading under the entities says nothing.
  const matchingPages = pages.filter((p) => !debounced || p.label.toLowerCase().includes(debounced.toLowerCase()));
  return (
    <Command.Dialog
      open={open}
      onOpenChange={setOpen}
      label="Search Portico"
      shouldFilter={false}
      value={selected}
      onValueChange={(value) => setChoice({ for: resultsKey, value })}
      overlayClassName="fixed inset-0 z-40 bg-black/40"
      contentClassName="fixed top-24 left-1/2 z-50 w-[min(36rem,calc(100vw-2rem))] -translate-x-1/2 overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-2xl dark:border-zinc-800 dark:bg-zinc-900"
    >
      <Command.Input
        value={text}
        onValueChange={setText}
        placeholder="Search entities, docs and pages…"
        className="w-full border-b border-zinc-200 bg-transparent px-4 py-3 text-sm outline-none dark:border-zinc-800"
      />
      <Command.List className="max-h-96 overflow-auto p-2">
        {debounced && results.isFetching && !results.data ? <Command.Loading>Searching…</Command.Loading> : null}
        {debounced && results.isError ? <p className="px-2 py-1 text-sm text-red-600">{results.error.message}</p> : null}
        <Command.Empty className="px-2 py-3 text-sm text-zinc-500">{debounced ? "Nothing matches" : "Type to search"}</Command.Empty>
        {results.data?.length ? (
          <Command.Group heading="Entities" className="text-xs text-zinc-500">
            {results.data.map((e) => (
              <Command.Item
                key={`${e.blueprint}/${e.identifier}`}
                value={`${e.blueprint}/${e.identifier}`}
                onSelect={() => go(entityHref(e.blueprint, e.identifier))}
                className="flex cursor-pointer items-center justify-between rounded px-2 py-1.5 text-sm text-zinc-900 data-[selected=true]:bg-brand-50 dark:text-zinc-100 dark:data-[selected=true]:bg-brand-700/30"
              >
                <span>{e.title ?? e.identifier}</span>
                <span className="text-xs text-zinc-500">{e.blueprintTitle}</span>
              </Command.Item>
            ))}
          </Command.Group>
        ) : null}
        {docs.data?.length ? (
          <Command.Group heading="Docs" className="text-xs text-zinc-500">
            {docs.data.map((d) => (
              <Command.Item
                key={`docs:${d.blueprint}/${d.identifier}/${d.path}`}
                value={`docs:${d.blueprint}/${d.identifier}/${d.path}`}
                onSelect={() => go(docsPageHref(d.blueprint, d.identifier, d.path))}
                className="flex cursor-pointer items-center justify-between rounded px-2 py-1.5 text-sm text-zinc-900 data-[selected=true]:bg-brand-50 dark:text-zinc-100 dark:data-[selected=true]:bg-brand-700/30"
              >
                <span>{d.title}</span>
                <span className="text-xs text-zinc-500">{d.entityTitle ?? d.identifier} docs</span>
              </Command.Item>
            ))}
          </Command.Group>
        ) : null}
        {matchingPages.length ? (
          <Command.Group heading="Pages" className="text-xs text-zinc-500">
            {matchingPages.map((p) => (
              <Command.Item
                key={p.href}
                value={`page:${p.href}`}
                onSelect={() => go(p.href)}
                className="cursor-pointer rounded px-2 py-1.5 text-sm text-zinc-900 data-[selected=true]:bg-brand-50 dark:text-zinc-100 dark:data-[selected=true]:bg-brand-700/30"
              >
                {p.label}
              </Command.Item>
            ))}
          </Command.Group>
        ) : null}
      </Command.List>
    </Command.Dialog>
  );
}
