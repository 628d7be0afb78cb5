import type { Metadata } from "next";
import Link from "next/link";
import { RunTable } from "@/components/actions/run-list";
import { runStatusLabel, runStatusOrder } from "@/components/actions/run-status";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";
import { Input, Select } from "@/components/ui/field";
import { EmptyState } from "@/components/ui/states";
import { serverCaller } from "@/components/trpc/server";

export const metadata: Metadata = { title: "Runs" };

type Search = { mine?: string; action?: string; status?: string; entity?: string; cursor?: string };

/** Every run, newest first, filtered by the URL: mine, action, status, entity; keyset pages. */
export default async function RunsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const s = await searchParams;
  const caller = await serverCaller();
  const status = runStatusOrder.find((x) => x === s.status);
  const [page, actions] = await Promise.all([
    caller.runs.list({ mine: s.mine === "1" || undefined, action: s.action || undefined, status, entity: s.entity || undefined, cursor: s.cursor || undefined }),
    caller.actions.list({}),
  ]);
  const next = new URLSearchParams(Object.entries({ ...s, cursor: page.nextCursor ?? "" }).filter(([, v]) => v) as [string, string][]);
  const filtered = Boolean(s.mine || s.action || s.status || s.entity);
  return (
    <>
      <PageHeader title="Runs" description="Every self-service run, its status and its logs." />
      <form className="mb-4 flex flex-wrap items-end gap-3" aria-label="Filter runs">
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="mine" value="1" defaultChecked={s.mine === "1"} /> Mine only
        </label>
        <div>
          <label htmlFor="run-action" className="block text-xs text-zinc-500">
            Action
          </label>
          <Select id="run-action" name="action" defaultValue={s.action ?? ""}>
            <option value="">Any action</option>
            {actions.map((a) => (
              <option key={a.identifier} value={a.identifier}>
                {a.title}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <label htmlFor="run-status" className="block text-xs text-zinc-500">
            Status
          </label>
          <Select id="run-status" name="status" defaultValue={status ?? ""}>
            <option value="">Any status</option>
            {runStatusOrder.map((x) => (
              <option key={x} value={x}>
                {runStatusLabel(x)}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <label htmlFor="run-entity" className="block text-xs text-zinc-500">
            Entity
          </label>
          <Input id="run-entity" name="entity" defaultValue={s.entity ?? ""} placeholder="identifier" />
        </div>
        <Button type="submit" variant="secondary">
          Filter
        </Button>
        {filtered ? (
          <Link className="text-sm underline" href="/runs">
            Clear
          </Link>
        ) : null}
      </form>
      {page.items.length === 0 ? (
        <EmptyState title={filtered ? "No run matches these filters" : "No runs yet"}>
          {filtered ? "Change or clear the filters." : <>Runs of self-service actions are listed here, newest first. Start one from <Link className="underline" href="/self-service">Self-service</Link>.</>}
        </EmptyState>
      ) : (
        <RunTable runs={page.items} />
      )}
      {page.nextCursor ? (
        <div className="mt-3">
          <Link className="text-sm underline" href={`/runs?${next}`}>
            Older runs →
          </Link>
        </div>
      ) : null}
    </>
  );
}
