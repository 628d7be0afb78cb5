import { cn } from "@/components/ui/cn";

const named: Record<string, string> = {
  gray: "#a1a1aa",
  red: "#ef4444",
  yellow: "#f59e0b",
  green: "#22c55e",
  blue: "#3b82f6",
  purple: "#a855f7",
  bronze: "#b08d57",
  silver: "#a8a9ad",
  gold: "#d4af37",
  // Port's level colours, so its scorecards look the same here.
  paleBlue: "#93c5fd",
  darkGray: "#52525b",
  lightGray: "#d4d4d8",
  turquoise: "#2dd4bf",
  orange: "#f97316",
  pink: "#ec4899",
  lime: "#84cc16",
  olive: "#65a30d",
  brown: "#92400e",
};

/** A level's colour as CSS: our tone names, or any hex colour an admin gave. */
export function levelColor(color: string): string {
  if (named[color]) return named[color];
  return /^#[0-9a-fA-F]{3,8}$/.test(color) ? color : named.gray!;
}

export function LevelBadge({ title, color, className }: { title: string; color: string; className?: string }) {
  return (
    <span className={cn("inline-flex items-center gap-1.5 rounded border border-zinc-200 px-1.5 py-0.5 text-xs font-medium dark:border-zinc-700", className)}>
      <span aria-hidden className="size-2 rounded-full" style={{ background: levelColor(color) }} />
      {title}
    </span>
  );
}

/** A horizontal bar of how many entities sit at each level. */
export function DistributionBar({ distribution, total }: { distribution: { title: string; color: string; count: number }[]; total: number }) {
  if (!total) return <div className="h-2 rounded bg-zinc-100 dark:bg-zinc-800" aria-label="No entities scored" />;
  return (
    <div className="flex h-2 overflow-hidden rounded" role="img" aria-label={distribution.map((d) => `${d.title}: ${d.count}`).join(", ")}>
      {distribution.map((d) => (d.count ? <div key={d.title} style={{ width: `${(d.count / total) * 100}%`, background: levelColor(d.color) }} /> : null))}
    </div>
  );
}
