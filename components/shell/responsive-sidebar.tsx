"use client";

import { Menu, X } from "lucide-react";
import { usePathname } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { cn } from "../ui/cn";

/**
 * The sidebar: a column beside the page from the `md` breakpoint up; below it, a drawer that a "Menu"
 * button in a top bar opens over the page (Escape, the backdrop or following a link closes it). One
 * sidebar either way, so what it holds (Ctrl-K, notifications) exists once.
 */
export function ResponsiveSidebar({ brand, children }: { brand: React.ReactNode; children: React.ReactNode }) {
  const pathname = usePathname();
  // Open on the page where it was opened: following a link closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const setOpen = (value: boolean) => setOpenOn(value ? pathname : null);
  const panel = useRef<HTMLElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    // The first thing to reach in the drawer that is shown (the brand link above it is hidden on small screens).
    [...(panel.current?.querySelectorAll<HTMLElement>("a, button") ?? [])].find((el) => el.offsetParent !== null)?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpenOn(null);
      button.current?.focus();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open]);

  return (
    <>
      <div className="sticky top-0 z-30 flex items-center gap-3 border-b border-zinc-200 bg-white px-4 py-2 md:hidden dark:border-zinc-800 dark:bg-zinc-900">
        <button
          ref={button}
          type="button"
          aria-expanded={open}
          aria-controls="sidebar"
          onClick={() => setOpen(!open)}
          className="rounded-md p-1.5 hover:bg-zinc-100 dark:hover:bg-zinc-800"
        >
          {open ? <X aria-hidden className="size-5" /> : <Menu aria-hidden className="size-5" />}
          <span className="sr-only">Menu</span>
        </button>
        {brand}
      </div>
      {open ? <button type="button" aria-label="Close the menu" tabIndex={-1} className="fixed inset-0 z-30 bg-black/30 md:hidden" onClick={() => setOpen(false)} /> : null}
      <aside
        id="sidebar"
        ref={panel}
        className={cn(
          "fixed inset-y-0 left-0 z-40 flex h-screen w-64 shrink-0 flex-col border-r border-zinc-200 bg-white px-3 py-4 transition-transform md:sticky md:top-0 md:z-auto md:w-56 md:translate-x-0 dark:border-zinc-800 dark:bg-zinc-900",
          open ? "translate-x-0" : "invisible -translate-x-full md:visible",
        )}
      >
        <div className="mb-6 hidden md:block">{brand}</div>
        {children}
      </aside>
    </>
  );
}
