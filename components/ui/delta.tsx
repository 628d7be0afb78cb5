import { ArrowDownRight, ArrowUpRight, Minus } from "lucide-react";

/**
 * A figure against the same figure of the period before: more or less, in per cent, green when it moved
 * the good way (`better`). `points` compares shares (0–1) in percentage points rather than in per cent.
 */
export function Delta({ now, before, better, points = false, what = "the previous window" }: { now: number | null; before: number | null; better: "up" | "down"; points?: boolean; what?: string }) {
  if (now === null || before === null) return <span className="text-xs text-zinc-500">nothing in {what} to compare</span>;
  const change = points ? now - before : before === 0 ? (now === 0 ? 0 : 1) : (now - before) / before;
  if (Math.abs(change) < 0.005)
    return (
      <span className="inline-flex items-center gap-1 text-xs text-zinc-500">
        <Minus aria-hidden className="size-3" /> same as {what}
      </span>
    );
  const good = (change > 0) === (better === "up");
  const Icon = change > 0 ? ArrowUpRight : ArrowDownRight;
  const amount = points ? `${Math.round(Math.abs(change) * 100)} points ${change > 0 ? "up" : "down"} on` : before === 0 ? "up from none in" : `${Math.round(Math.abs(change) * 100)}% ${change > 0 ? "more" : "less"} than`;
  return (
    <span className={`inline-flex items-center gap-1 text-xs ${good ? "text-green-700 dark:text-green-400" : "text-red-600"}`}>
      <Icon aria-hidden className="size-3" /> {amount} {what}
    </span>
  );
}
