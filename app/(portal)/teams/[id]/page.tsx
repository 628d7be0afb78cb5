import type { Metadata } from "next";
import Link from "next/link";
import { CampaignList } from "@/components/campaigns/campaign-list";
import { EntityLink } from "@/components/catalog/entity-link";
import { DistributionBar, LevelBadge } from "@/components/scorecards/level-badge";
import { Card, CardTitle, PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/states";
import { serverCaller } from "@/components/trpc/server";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Team ${(await params).id}` };
}

/** A team: its members and its entities by level across scorecards. */
export default async function TeamPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const caller = await serverCaller();
  const [team, scorecards, campaigns] = await Promise.all([caller.teams.get({ id }), caller.scorecards.forTeam({ team: id }), caller.campaigns.list({ team: id })]);
  return (
    <>
      <PageHeader
        title={team.title}
        description={
          <>
            {team.description ? `${team.description} · ` : ""}
            <Link
              className="underline"
              href={`/catalog/service?query=${encodeURIComponent(JSON.stringify({ combinator: "and", rules: [team.subtree.length > 1 ? { meta: "$team", operator: "in", value: team.subtree } : { meta: "$team", operator: "=", value: id }] }))}`}
            >
              Services{team.subtree.length > 1 ? " (with sub-teams)" : ""}
            </Link>
          </>
        }
      />
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="space-y-4">
        <CampaignList items={campaigns} team={id} />
        {team.parent || team.children.length || team.type ? (
          <Card aria-label="Team tree">
            <CardTitle>Team tree</CardTitle>
            <dl className="space-y-2 text-sm">
              {team.type ? (
                <div>
                  <dt className="text-zinc-500">Type</dt>
                  <dd>{team.type}</dd>
                </div>
              ) : null}
              <div>
                <dt className="text-zinc-500">Parent</dt>
                <dd>
                  {team.parent ? (
                    <Link className="text-brand-700 hover:underline dark:text-brand-300" href={`/teams/${encodeURIComponent(team.parent.id)}`}>
                      {team.parent.title}
                    </Link>
                  ) : (
                    <span className="text-zinc-400">—</span>
                  )}
                </dd>
              </div>
              <div>
                <dt className="text-zinc-500">Sub-teams</dt>
                <dd className="flex flex-wrap gap-x-2">
                  {team.children.length === 0 ? <span className="text-zinc-400">—</span> : null}
                  {team.children.map((c) => (
                    <Link key={c.id} className="text-brand-700 hover:underline dark:text-brand-300" href={`/teams/${encodeURIComponent(c.id)}`}>
                      {c.title}
                    </Link>
                  ))}
                </dd>
              </div>
            </dl>
          </Card>
        ) : null}
        <Card>
          <CardTitle>Members</CardTitle>
          {team.members.length === 0 ? (
            <p className="text-sm text-zinc-500">No members.</p>
          ) : (
            <ul className="space-y-1 text-sm">
              {team.members.map((m) => (
                <li key={m.id}>{m.name ?? m.email}</li>
              ))}
            </ul>
          )}
        </Card>
        </div>
        <div className="space-y-4 lg:col-span-2">
          {scorecards.length === 0 ? (
            <EmptyState title="No scored entities">This team owns no entity that a scorecard scores.</EmptyState>
          ) : (
            scorecards.map((sc) => (
              <Card key={`${sc.blueprint}/${sc.identifier}`}>
                <CardTitle>
                  <Link className="hover:underline" href={`/scorecards/${encodeURIComponent(sc.blueprint)}/${encodeURIComponent(sc.identifier)}`}>
                    {sc.title}
                  </Link>{" "}
                  <span className="font-normal text-zinc-500">· {sc.blueprint}</span>
                </CardTitle>
                <DistributionBar distribution={sc.distribution} total={sc.total} />
                <h3 className="mt-3 text-sm font-medium">What to fix</h3>
                <ul className="mt-1 space-y-2 text-sm" aria-label={`What to fix: ${sc.title}`}>
                  {sc.entities.map((e) => (
                    <li key={e.identifier}>
                      <div className="flex items-center justify-between gap-2">
                        <EntityLink blueprint={sc.blueprint} identifier={e.identifier} title={e.title} />
                        <LevelBadge title={e.level.title} color={e.level.color} />
                      </div>
                      <p className="text-xs text-zinc-600 dark:text-zinc-400">
                        {e.toNextLevel ? `To reach ${e.toNextLevel.level.title}: ${e.toNextLevel.rules.join(", ")}` : "At the top level"}
                      </p>
                    </li>
                  ))}
                </ul>
                {sc.total > sc.entities.length ? (
                  <p className="mt-2 text-xs text-zinc-500">
                    The {sc.entities.length} at the lowest levels of {sc.total.toLocaleString("en")};{" "}
                    <Link className="underline" href={`/scorecards/${encodeURIComponent(sc.blueprint)}/${encodeURIComponent(sc.identifier)}`}>
                      every entity on the scorecard
                    </Link>
                  </p>
                ) : null}
              </Card>
            ))
          )}
        </div>
      </div>
    </>
  );
}
