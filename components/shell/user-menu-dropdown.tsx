"use client";

import { DropdownMenu as M } from "radix-ui";
import { Bot, LogOut } from "lucide-react";
import Link from "next/link";
import { themeIcons, useThemeCycle } from "./theme-switch";

const itemClass =
  "flex w-full cursor-default items-center gap-2 rounded px-2 py-1.5 text-left text-sm outline-none data-highlighted:bg-zinc-100 dark:data-highlighted:bg-zinc-800";

/** The user menu itself (Radix), loaded by user-menu.tsx the first time someone opens it. */
export default function UserMenuDropdown({
  email,
  signOutAction,
  triggerClassName,
  children,
}: {
  email: string;
  signOutAction: () => Promise<void>;
  triggerClassName: string;
  children: React.ReactNode;
}) {
  const { theme, cycle } = useThemeCycle();
  const ThemeIcon = themeIcons[theme ?? "system"];
  return (
    // Mounted by a click on the placeholder button, so it starts open.
    <M.Root defaultOpen>
      <M.Trigger className={triggerClassName} aria-label="User menu">
        {children}
      </M.Trigger>
      <M.Portal>
        <M.Content
          side="top"
          align="start"
          className="z-50 w-56 rounded-md border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-800 dark:bg-zinc-900"
        >
          <M.Label className="truncate px-2 py-1.5 text-xs text-zinc-500">{email}</M.Label>
          <M.Item
            // Keep the menu open so the theme can be cycled more than once.
            onSelect={(e) => (e.preventDefault(), cycle())}
            className={itemClass}
          >
            <ThemeIcon aria-hidden className="size-4" /> {theme ? `Theme: ${theme}` : "Switch theme"}
          </M.Item>
          <M.Item asChild className={itemClass}>
            <Link href="/assistants">
              <Bot aria-hidden className="size-4" /> Connected assistants
            </Link>
          </M.Item>
          <M.Separator className="my-1 h-px bg-zinc-200 dark:bg-zinc-800" />
          <M.Item onSelect={() => void signOutAction()} className={itemClass}>
            <LogOut aria-hidden className="size-4" /> Sign out
          </M.Item>
        </M.Content>
      </M.Portal>
    </M.Root>
  );
}
