import Link from "next/link";
import { Play } from "lucide-react";
import { Card, CardTitle } from "../ui/card";
import { Time } from "../ui/time";
import { RunStatus } from "./run-status";

type ActionItem = { identifier: string; title: string; description?: string | null; operation: string; approval?: { required: boolean } | null };
type RunItem = { id: string; actionTitle: string; status: string; createdAt: Date | string; requestedBy: { label: string } };

/** The DAY-2 and DELETE actions a user may run on this entity, and its latest runs. */
export function EntityActions({ blueprint, identifier, actions, runs }: { blueprint: string; identifier: string; actions: ActionItem[]; runs: RunItem[] }) {
  if (!actions.length && !runs.length) return null;
  return (
    <Card className="mt-4" aria-label="Actions">
      <CardTitle>Actions</CardTitle>
      {actions.length ? (
        <ul className="flex flex-wrap gap-2">
          {actions.map((a) => (
            <li key={a.identifier}>
              {/* A document load, not a client navigation: the form's page has its own CSP (see proxy.ts). */}
              <a
                href={`/self-service/${encodeURIComponent(a.identifier)}?entity=${encodeURIComponent(identifier)}`}
                title={a.description ?? undefined}
                className={`inline-flex items-center gap-1.5 rounded-md border px-3 py-1.5 text-sm font-medium hover:bg-zinc-50 dark:hover:bg-zinc-800 ${a.operation === "DELETE" ? "border-red-300 text-red-700 dark:border-red-900 dark:text-red-300" : "border-zinc-300 dark:border-zinc-700"}`}
              >
                <Play aria-hidden className="size-3.5" /> {a.title}
                {a.approval?.required ? <span className="text-xs font-normal text-zinc-500">(approval)</span> : null}
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-zinc-500">No action applies to this {blueprint} for you.</p>
      )}
      {runs.length ? (
        <>
          <h3 className="mt-4 mb-1 text-sm font-medium">Latest runs</h3>
          <ul className="space-y-1 text-sm">
            {runs.map((r) => (
              <li key={r.id} className="flex flex-wrap items-center gap-2">
                <Link className="hover:underline" href={`/runs/${r.id}`}>
                  {r.actionTitle}
                </Link>
                <RunStatus status={r.status} />
                <span className="text-xs text-zinc-500">
                  {r.requestedBy.label} · <Time value={r.createdAt} />
                </span>
              </li>
            ))}
          </ul>
          <Link className="mt-1 inline-block text-xs underline" href={`/runs?entity=${encodeURIComponent(identifier)}`}>
            All runs on {identifier}
          </Link>
        </>
      ) : null}
    </Card>
  );
}
