"use client";

import { DropdownMenu as M } from "radix-ui";
import { ChevronsUpDown, LogOut } from "lucide-react";
import { themeIcons, useThemeCycle } from "./theme-switch";

const itemClass =
  "flex w-full cursor-default items-center gap-2 rounded px-2 py-1.5 text-left text-sm outline-none data-highlighted:bg-zinc-100 dark:data-highlighted:bg-zinc-800";

export function UserMenu({
  user,
  signOutAction,
}: {
  user: { email: string; name: string | null; role: string };
  signOutAction: () => Promise<void>;
}) {
  const { theme, cycle } = useThemeCycle();
  const ThemeIcon = themeIcons[theme ?? "system"];
  const initials = (user.name ?? user.email).split(/[\s@.]+/).slice(0, 2).map((s) => s[0]?.toUpperCase()).join("");
  return (
    <M.Root>
      <M.Trigger
        className="flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left hover:bg-zinc-100 dark:hover:bg-zinc-800"
        aria-label="User menu"
      >
        <span aria-hidden className="flex size-7 items-center justify-center rounded-full bg-brand-600 text-xs font-semibold text-white">
          {initials}
        </span>
        <span className="min-w-0 flex-1">
          <span className="block truncate text-sm font-medium">{user.name ?? user.email}</span>
          <span className="block truncate text-xs text-zinc-500">{user.role === "admin" ? "Admin" : "Member"}</span>
        </span>
        <ChevronsUpDown aria-hidden className="size-4 text-zinc-400" />
      </M.Trigger>
      <M.Portal>
        <M.Content
          side="top"
          align="start"
          className="z-50 w-56 rounded-md border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-800 dark:bg-zinc-900"
        >
          <M.Label className="truncate px-2 py-1.5 text-xs text-zinc-500">{user.email}</M.Label>
          <M.Item
            // Keep the menu open so the theme can be cycled more than once.
            onSelect={(e) => (e.preventDefault(), cycle())}
            className={itemClass}
          >
            <ThemeIcon aria-hidden className="size-4" /> {theme ? `Theme: ${theme}` : "Switch theme"}
          </M.Item>
          <M.Separator className="my-1 h-px bg-zinc-200 dark:bg-zinc-800" />
          <M.Item
            onSelect={() => void signOutAction()}
            className={itemClass}
          >
            <LogOut aria-hidden className="size-4" /> Sign out
          </M.Item>
        </M.Content>
      </M.Portal>
    </M.Root>
  );
}
