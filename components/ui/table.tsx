import { cn } from "./cn";

/**
 * A cell's look is set once on the table (`[&_td]:…`) rather than on every `<td>`: a catalog page of
 * 50 rows × 6 columns otherwise repeats the same 70 characters of classes 300 times in its HTML.
 */
const CELL = "[&_td]:border-b [&_td]:border-zinc-100 [&_td]:px-3 [&_td]:py-2 [&_td]:align-top dark:[&_td]:border-zinc-800/60";

/**
 * Scrolls sideways inside its own box on a narrow screen (`relative`, so that visually hidden labels inside
 * stay in it too). The box takes the keyboard focus, so that arrow keys scroll it where a mouse cannot.
 */
export function Table({ className, ...props }: React.ComponentProps<"table">) {
  const label = props["aria-label"];
  return (
    <div
      tabIndex={0}
      role={label ? "region" : undefined}
      aria-label={label}
      className="relative overflow-x-auto rounded-lg border border-zinc-200 bg-white focus-visible:outline-2 focus-visible:outline-brand-600 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <table className={cn("w-full text-left text-sm", CELL, className)} {...props} />
    </div>
  );
}
export function Th({ className, ...props }: React.ComponentProps<"th">) {
  return (
    <th
      scope="col"
      className={cn("border-b border-zinc-200 px-3 py-2 text-xs font-semibold text-zinc-500 uppercase dark:border-zinc-800", className)}
      {...props}
    />
  );
}
/** A cell of a `Table` (its padding and border come from the table). */
export function Td(props: React.ComponentProps<"td">) {
  return <td {...props} />;
}
