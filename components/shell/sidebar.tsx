"use client";

import { LoaderCircle } from "lucide-react";
import Link, { useLinkStatus } from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "../ui/cn";
import { navigation } from "./nav";
import { ApprovalBadge } from "./notifications";

export function SidebarNav({ isAdmin }: { isAdmin: boolean }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex flex-col gap-0.5">
      {navigation
        .filter((item) => !("adminOnly" in item) || isAdmin)
        .map((item) => {
          const { href, label, icon: Icon } = item;
          const active = href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
          return (
            <Link
              key={href}
              href={href}
              aria-current={active ? "page" : undefined}
              className={cn(
                "flex items-center gap-2.5 rounded-md px-2.5 py-1.5 text-sm",
                active
                  ? "bg-brand-50 font-medium text-brand-700 dark:bg-brand-700/20 dark:text-brand-100"
                  : "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800",
              )}
            >
              <Icon aria-hidden className="size-4" />
              {label}
              {"badge" in item ? <ApprovalBadge /> : null}
              <Pending />
            </Link>
          );
        })}
    </nav>
  );
}

/**
 * The page this link opens is on its way: pages render on the server before they show (no portal-wide
 * loading screen, so that a missing resource can still answer 404), and this says the click was taken.
 */
function Pending() {
  const { pending } = useLinkStatus();
  return pending ? <LoaderCircle aria-label="Loading" className="ml-auto size-3.5 animate-spin text-zinc-400" /> : null;
}
