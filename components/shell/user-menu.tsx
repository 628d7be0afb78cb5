"use client";

import { ChevronsUpDown } from "lucide-react";
import { lazy, Suspense, useState } from "react";

// Radix's menu (with its positioning and focus code) is about a tenth of a page's JavaScript: it is
// fetched when the pointer or focus reaches the button, and mounted on the first click.
const loadDropdown = () => import("./user-menu-dropdown");
const UserMenuDropdown = lazy(loadDropdown);

const triggerClass = "flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left hover:bg-zinc-100 dark:hover:bg-zinc-800";

export function UserMenu({
  user,
  signOutAction,
}: {
  user: { email: string; name: string | null; role: string };
  signOutAction: () => Promise<void>;
}) {
  const [opened, setOpened] = useState(false);
  const initials = (user.name ?? user.email).split(/[\s@.]+/).slice(0, 2).map((s) => s[0]?.toUpperCase()).join("");
  const badge = (
    <>
      <span aria-hidden className="flex size-7 items-center justify-center rounded-full bg-brand-600 text-xs font-semibold text-white">
        {initials}
      </span>
      <span className="min-w-0 flex-1">
        <span className="block truncate text-sm font-medium">{user.name ?? user.email}</span>
        <span className="block truncate text-xs text-zinc-500">{user.role === "admin" ? "Admin" : "Member"}</span>
      </span>
      <ChevronsUpDown aria-hidden className="size-4 text-zinc-400" />
    </>
  );
  const placeholder = (
    <button
      type="button"
      aria-label="User menu"
      aria-haspopup="menu"
      aria-expanded={false}
      className={triggerClass}
      onPointerEnter={() => void loadDropdown()}
      onFocus={() => void loadDropdown()}
      onClick={() => setOpened(true)}
    >
      {badge}
    </button>
  );
  if (!opened) return placeholder;
  return (
    <Suspense fallback={placeholder}>
      <UserMenuDropdown email={user.email} signOutAction={signOutAction} triggerClassName={triggerClass}>
        {badge}
      </UserMenuDropdown>
    </Suspense>
  );
}
