import { AlertTriangle, Inbox, Loader2 } from "lucide-react";
import { cn } from "./cn";

export function EmptyState({ title, children, className }: { title: string; children?: React.ReactNode; className?: string }) {
  return (
    <div className={cn("flex flex-col items-center rounded-lg border border-dashed border-zinc-300 px-6 py-10 text-center dark:border-zinc-700", className)}>
      <Inbox aria-hidden className="mb-2 size-6 text-zinc-400" />
      <p className="font-medium">{title}</p>
      {children ? <div className="mt-1 max-w-md text-sm text-zinc-600 dark:text-zinc-400">{children}</div> : null}
    </div>
  );
}

export function ErrorState({ title = "Could not load this", message, retry }: { title?: string; message?: string; retry?: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/40 dark:text-red-300">
      <p className="flex items-center gap-2 font-medium">
        <AlertTriangle aria-hidden className="size-4" /> {title}
      </p>
      {message ? <p className="mt-1">{message}</p> : null}
      {retry ? (
        <button type="button" onClick={retry} className="mt-2 font-medium underline">
          Try again
        </button>
      ) : null}
    </div>
  );
}

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <div role="status" className="flex items-center gap-2 py-6 text-sm text-zinc-500">
      <Loader2 aria-hidden className="size-4 animate-spin" /> {label}
    </div>
  );
}

export function Skeleton({ className }: { className?: string }) {
  return <div aria-hidden className={cn("animate-pulse rounded bg-zinc-200 dark:bg-zinc-800", className)} />;
}
