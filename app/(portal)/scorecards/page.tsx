import type { Metadata } from "next";
import Link from "next/link";
import { DistributionBar, LevelBadge } from "@/components/scorecards/level-badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/states";
import { serverCaller } from "@/components/trpc/server";

export const metadata: Metadata = { title: "Scorecards" };

export default async function ScorecardsPage() {
  const caller = await serverCaller();
  const [list, me] = await Promise.all([caller.scorecards.list({}), caller.me.get()]);
  return (
    <>
      <PageHeader
        title="Scorecards"
        description="Maturity levels of your software, rule by rule."
        actions={
          me.role === "admin" ? (
            <Link className="text-sm font-medium text-brand-700 hover:underline dark:text-brand-300" href="/admin/scorecards">
              Manage scorecards
            </Link>
          ) : null
        }
      />
      {list.length === 0 ? (
        <EmptyState title="No scorecards yet">
          Scorecards are defined per blueprint by admins; once one exists, every entity&apos;s level shows here.
        </EmptyState>
      ) : (
        <div className="grid gap-4 md:grid-cols-2">
          {list.map((sc) => (
            <Card key={`${sc.blueprint}/${sc.identifier}`}>
              <div className="mb-1 flex items-baseline justify-between gap-2">
                <h2 className="font-semibold">
                  <Link className="hover:underline" href={`/scorecards/${encodeURIComponent(sc.blueprint)}/${encodeURIComponent(sc.identifier)}`}>
                    {sc.title}
                  </Link>
                </h2>
                <span className="text-xs text-zinc-500">{sc.blueprint}</span>
              </div>
              {sc.description ? <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">{sc.description}</p> : null}
              <DistributionBar distribution={sc.distribution} total={sc.total} />
              <ul className="mt-3 flex flex-wrap gap-2 text-xs">
                {sc.distribution.map((d) => (
                  <li key={d.title}>
                    <LevelBadge title={`${d.title} · ${d.count}`} color={d.color} />
                  </li>
                ))}
              </ul>
              <p className="mt-3 text-xs text-zinc-500">
                {sc.total} entities scored{sc.averageScore === null ? "" : ` · average score ${Math.round(sc.averageScore)}`} · {sc.rules.length} rules
              </p>
            </Card>
          ))}
        </div>
      )}
    </>
  );
}
