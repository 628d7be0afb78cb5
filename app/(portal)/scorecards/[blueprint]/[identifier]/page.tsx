import type { Metadata } from "next";
import Link from "next/link";
import { LevelBadge, levelColor } from "@/components/scorecards/level-badge";
import { Card, CardTitle, PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/states";
import { Table, Td, Th } from "@/components/ui/table";
import { serverCaller } from "@/components/trpc/server";
import { DistributionChart, TrendChart } from "./_components/charts";
import { ScoredEntities } from "./_components/scored-entities";

type Params = { blueprint: string; identifier: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: (await params).identifier };
}

const percent = (n: number, of: number) => (of ? `${Math.round((n / of) * 100)}%` : "—");

export default async function ScorecardPage({ params }: { params: Promise<Params> }) {
  const { blueprint, identifier } = await params;
  const caller = await serverCaller();
  const [overview, me] = await Promise.all([caller.scorecards.overview({ blueprint, identifier }), caller.me.get()]);
  const { scorecard, distribution, rules, teams, trend, total } = overview;
  const levels = scorecard.levels;

  return (
    <>
      <PageHeader
        title={scorecard.title}
        description={
          <>
            {scorecard.description ? `${scorecard.description} · ` : ""}
            <Link className="underline" href={`/catalog/${encodeURIComponent(blueprint)}`}>
              {blueprint}
            </Link>{" "}
            · {total} entities scored{overview.averageScore === null ? "" : ` · average score ${Math.round(overview.averageScore)}`}
          </>
        }
        actions={
          me.role === "admin" ? (
            <Link className="text-sm font-medium text-brand-700 hover:underline dark:text-brand-300" href={`/admin/scorecards/${encodeURIComponent(blueprint)}/${encodeURIComponent(identifier)}`}>
              Edit
            </Link>
          ) : null
        }
      />
      {total === 0 ? (
        <EmptyState title="No entity is scored yet">No {blueprint} matches this scorecard&apos;s filter, or the blueprint has no entities.</EmptyState>
      ) : (
        <div className="space-y-4">
          <div className="grid gap-4 lg:grid-cols-2">
            <Card>
              <CardTitle>Level distribution</CardTitle>
              <DistributionChart data={distribution.map((d) => ({ level: d.title, count: d.count, fill: levelColor(d.color) }))} />
            </Card>
            <Card>
              <CardTitle>Trend</CardTitle>
              {trend.length < 2 ? (
                <p className="text-sm text-zinc-500">The trend appears after the next daily snapshot ({trend.length} taken so far).</p>
              ) : (
                <TrendChart levels={levels.map((l) => ({ title: l.title, color: levelColor(l.color) }))} points={trend} />
              )}
            </Card>
          </div>

          <Card>
            <CardTitle>Rubric: pass rate of each rule</CardTitle>
            <Table>
              <thead>
                <tr>
                  <Th>Rule</Th>
                  {levels.slice(1).map((l) => (
                    <Th key={l.title}>
                      <LevelBadge title={l.title} color={l.color} />
                    </Th>
                  ))}
                  {levels.length === 1 ? <Th>{levels[0]!.title}</Th> : null}
                </tr>
              </thead>
              <tbody>
                {rules.map((r) => (
                  <tr key={r.identifier}>
                    <Td>
                      <Link className="hover:underline" href={`?failing=${encodeURIComponent(r.identifier)}#entities`}>
                        {r.title}
                      </Link>
                      {r.weight !== 1 ? <span className="ml-1 text-xs text-zinc-500">×{r.weight}</span> : null}
                    </Td>
                    {(levels.length === 1 ? levels : levels.slice(1)).map((l) => (
                      <Td key={l.title} className="tabular-nums">
                        {l.title === r.level ? (
                          <span title={`${r.passing} of ${r.total} pass`}>
                            {percent(r.passing, r.total)} <span className="text-xs text-zinc-500">({r.passing}/{r.total})</span>
                          </span>
                        ) : null}
                      </Td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </Table>
          </Card>

          <Card>
            <CardTitle>Teams by level</CardTitle>
            <Table>
              <thead>
                <tr>
                  <Th>Team</Th>
                  {levels.map((l) => (
                    <Th key={l.title}>
                      <LevelBadge title={l.title} color={l.color} />
                    </Th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {teams.map((t) => (
                  <tr key={t.team ?? "(none)"}>
                    <Td>{t.team ? <Link className="hover:underline" href={`/teams/${encodeURIComponent(t.team)}`}>{t.team}</Link> : <span className="text-zinc-500">No owning team</span>}</Td>
                    {t.counts.map((n, i) => (
                      <Td key={levels[i]!.title} className="tabular-nums">
                        {n || <span className="text-zinc-400">0</span>}
                      </Td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </Table>
          </Card>

          <Card id="entities">
            <CardTitle>Entities</CardTitle>
            <ScoredEntities blueprint={blueprint} identifier={identifier} levels={levels} rules={rules.map((r) => ({ identifier: r.identifier, title: r.title }))} />
          </Card>
        </div>
      )}
    </>
  );
}
