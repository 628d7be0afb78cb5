"use client";

import { Search } from "lucide-react";
import dynamic from "next/dynamic";
import { useEffect, useState } from "react";

// cmdk and the search live in their own chunk, fetched the first time the palette opens: every
// page carries the button and the shortcut, and only those.
const CommandPaletteDialog = dynamic(() => import("./command-palette-dialog").then((m) => m.CommandPaletteDialog), { ssr: false });

/** Ctrl/Cmd-K: jump to any entity (full-text over every blueprint) or any page. */
export function CommandPalette({ isAdmin }: { isAdmin: boolean }) {
  const [open, setOpen] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const show = (next: boolean) => {
    if (next) setLoaded(true);
    setOpen(next);
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.metaKey || e.ctrlKey) && e.key.toLowerCase() === "k") {
        e.preventDefault();
        setLoaded(true);
        setOpen((o) => !o);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  return (
    <>
      <button
        type="button"
        onClick={() => show(true)}
        className="mb-3 flex w-full items-center gap-2 rounded-md border border-zinc-200 px-2.5 py-1.5 text-left text-sm text-zinc-500 hover:bg-zinc-100 dark:border-zinc-800 dark:hover:bg-zinc-800"
      >
        <Search aria-hidden className="size-4" /> Search
        <kbd className="ml-auto rounded border border-zinc-300 px-1 font-mono text-[10px] dark:border-zinc-700">Ctrl K</kbd>
      </button>
      {loaded ? <CommandPaletteDialog isAdmin={isAdmin} open={open} setOpen={show} /> : null}
    </>
  );
}
