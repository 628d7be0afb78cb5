import { cn } from "./cn";

/** A panel. `min-w-0`: in a grid or flex row it shrinks to its track, so a long word wraps or scrolls inside it rather than widening the page. */
export function Card({ className, ...props }: React.ComponentProps<"section">) {
  return (
    <section
      className={cn("min-w-0 rounded-lg border border-zinc-200 bg-white p-4 break-words dark:border-zinc-800 dark:bg-zinc-900", className)}
      {...props}
    />
  );
}

export function CardTitle({ className, ...props }: React.ComponentProps<"h2">) {
  return <h2 className={cn("mb-3 text-sm font-semibold text-zinc-700 dark:text-zinc-300", className)} {...props} />;
}

export function PageHeader({ title, description, actions }: { title: string; description?: React.ReactNode; actions?: React.ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        {description ? <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{description}</p> : null}
      </div>
      {actions ? <div className="flex items-center gap-2">{actions}</div> : null}
    </div>
  );
}
