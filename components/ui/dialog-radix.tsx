"use client";

import { Dialog as D } from "radix-ui";
import { X } from "lucide-react";
import type { DialogProps } from "./dialog";

/** The dialog itself (Radix); dialog.tsx loads it the first time a dialog opens. */
export default function RadixDialog({
  open,
  onOpenChange,
  title,
  description,
  children,
}: DialogProps) {
  return (
    <D.Root open={open} onOpenChange={onOpenChange}>
      <D.Portal>
        <D.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <D.Content className="fixed top-1/2 left-1/2 z-50 w-[min(32rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 rounded-lg border border-zinc-200 bg-white p-5 shadow-xl dark:border-zinc-800 dark:bg-zinc-900">
          <D.Title className="text-lg font-semibold">{title}</D.Title>
          {description ? <D.Description className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{description}</D.Description> : null}
          <div className="mt-4">{children}</div>
          <D.Close aria-label="Close" className="absolute top-3 right-3 rounded p-1 text-zinc-500 hover:bg-zinc-100 dark:hover:bg-zinc-800">
            <X className="size-4" />
          </D.Close>
        </D.Content>
      </D.Portal>
    </D.Root>
  );
}
