import { Time } from "../ui/time";

type HistoryEntry = { id: number; at: Date; actorLabel: string; action: string; origin: string; diff: unknown };

function describe(d: { op: string; path: string; old?: unknown; value?: unknown }) {
  if (d.op === "add") return `set to ${JSON.stringify(d.value)}`;
  if (d.op === "remove") return `removed (was ${JSON.stringify(d.old)})`;
  return `${JSON.stringify(d.old)} → ${JSON.stringify(d.value)}`;
}

/** A resource's change history from the audit log, with what each update changed. */
export function History({ entries }: { entries: HistoryEntry[] }) {
  if (entries.length === 0) return <p className="text-sm text-zinc-500">No recorded changes.</p>;
  return (
    <ol className="space-y-2 text-sm">
      {entries.map((h) => {
        const diff = Array.isArray(h.diff) ? (h.diff as { op: string; path: string; old?: unknown; value?: unknown }[]) : [];
        return (
          <li key={h.id}>
            <p>
              <code className="font-mono text-xs">{h.action}</code> by {h.actorLabel} <span className="text-zinc-500">({h.origin})</span> ·{" "}
              <span className="text-zinc-500">
                <Time value={h.at} />
              </span>
            </p>
            {diff.length ? (
              <ul className="ml-4 list-disc text-xs text-zinc-600 dark:text-zinc-400">
                {diff.slice(0, 20).map((d) => (
                  <li key={d.path}>
                    <code className="font-mono">{d.path || "/"}</code> {describe(d)}
                  </li>
                ))}
                {diff.length > 20 ? <li>and {diff.length - 20} more changes</li> : null}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
