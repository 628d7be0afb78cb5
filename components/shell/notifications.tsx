"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Bell } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "../trpc/client";
import { Time } from "../ui/time";

const REFRESH_MS = 30_000;

/** How many runs wait for the user's approval, beside the Approvals link. */
export function ApprovalBadge() {
  const trpc = useTRPC();
  const count = useQuery({ ...trpc.runs.approvalCount.queryOptions(), refetchInterval: REFRESH_MS });
  if (!count.data?.count) return null;
  return (
    <span className="ml-auto rounded-full bg-amber-500 px-1.5 text-xs font-semibold text-white" aria-label={`${count.data.count} waiting`} data-testid="approval-badge">
      {count.data.count}
    </span>
  );
}

/** In-app notifications: approval requests, decisions, finished runs. Opening the list marks them read. */
export function NotificationBell() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const list = useQuery({ ...trpc.notifications.list.queryOptions(), refetchInterval: REFRESH_MS });
  const markRead = useMutation(trpc.notifications.markRead.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.notifications.list.queryKey() }) }));
  const unread = list.data?.unread ?? 0;
  return (
    <div className="relative mb-2">
      <button
        type="button"
        aria-expanded={open}
        aria-label={unread ? `Notifications, ${unread} unread` : "Notifications"}
        className="flex w-full items-center gap-2.5 rounded-md px-2.5 py-1.5 text-sm text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
        onClick={() => {
          setOpen(!open);
          if (!open && unread) markRead.mutate({});
        }}
      >
        <Bell aria-hidden className="size-4" /> Notifications
        {unread ? <span className="ml-auto rounded-full bg-brand-600 px-1.5 text-xs font-semibold text-white">{unread}</span> : null}
      </button>
      {open ? (
        <div className="absolute bottom-full left-0 z-40 mb-1 w-80 rounded-md border border-zinc-200 bg-white p-2 shadow-lg dark:border-zinc-800 dark:bg-zinc-900">
          {list.isPending ? (
            <p className="p-2 text-sm text-zinc-500">Loading…</p>
          ) : list.isError ? (
            <p className="p-2 text-sm text-red-600">{list.error.message}</p>
          ) : list.data.items.length === 0 ? (
            <p className="p-2 text-sm text-zinc-500">No notifications yet.</p>
          ) : (
            <ul className="max-h-80 space-y-1 overflow-auto">
              {list.data.items.map((n) => (
                <li key={n.id} className={`rounded px-2 py-1.5 text-sm ${n.readAt ? "" : "bg-brand-50 dark:bg-brand-700/20"}`}>
                  {n.link ? (
                    <Link href={n.link} className="hover:underline" onClick={() => setOpen(false)}>
                      {n.title}
                    </Link>
                  ) : (
                    n.title
                  )}
                  <p className="text-xs text-zinc-500">
                    <Time value={n.createdAt} />
                  </p>
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
    </div>
  );
}
