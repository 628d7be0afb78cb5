import type { Metadata } from "next";
import Link from "next/link";
import { DistributionBar } from "@/components/scorecards/level-badge";
import { PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/states";
import { Table, Td, Th } from "@/components/ui/table";
import { serverCaller } from "@/components/trpc/server";

export const metadata: Metadata = { title: "Scorecards · Admin" };

export default async function AdminScorecardsPage() {
  const caller = await serverCaller();
  const [list, blueprints] = await Promise.all([caller.scorecards.list({}), caller.catalog.blueprints()]);
  return (
    <>
      <PageHeader title="Scorecards" description="Maturity rules per blueprint. Saving a scorecard scores every entity of its blueprint." />
      <form action="/admin/scorecards/new" className="mb-4 flex flex-wrap items-end gap-2 text-sm">
        <label className="flex flex-col gap-1">
          New scorecard on
          <select name="blueprint" className="rounded border border-zinc-300 bg-transparent px-2 py-1.5 dark:border-zinc-700" defaultValue="service">
            {blueprints.map((b) => (
              <option key={b.identifier} value={b.identifier}>
                {b.title}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="rounded bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700">
          New scorecard
        </button>
      </form>
      {list.length === 0 ? (
        <EmptyState title="No scorecards yet">Create one to give every entity of a blueprint a maturity level.</EmptyState>
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>Scorecard</Th>
              <Th>Blueprint</Th>
              <Th>Rules</Th>
              <Th className="w-1/3">Levels</Th>
            </tr>
          </thead>
          <tbody>
            {list.map((sc) => (
              <tr key={`${sc.blueprint}/${sc.identifier}`}>
                <Td>
                  <Link className="font-medium hover:underline" href={`/admin/scorecards/${encodeURIComponent(sc.blueprint)}/${encodeURIComponent(sc.identifier)}`}>
                    {sc.title}
                  </Link>
                </Td>
                <Td>{sc.blueprint}</Td>
                <Td className="tabular-nums">{sc.rules.length}</Td>
                <Td>
                  <DistributionBar distribution={sc.distribution} total={sc.total} />
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
