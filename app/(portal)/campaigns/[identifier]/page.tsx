import type { Metadata } from "next";
import Link from "next/link";
import { BurndownChart } from "@/components/campaigns/burndown-chart";
import { CampaignStatusBadge, goalWords, ProgressBar } from "@/components/campaigns/status";
import { entityHref } from "@/components/catalog/entity-link";
import { serverCaller } from "@/components/trpc/server";
import { Card, CardTitle, PageHeader } from "@/components/ui/card";
import { Markdown } from "@/components/ui/markdown";
import { EmptyState } from "@/components/ui/states";
import { Table, Td, Th } from "@/components/ui/table";

type Props = { params: Promise<{ identifier: string }>; searchParams: Promise<{ team?: string }> };

const date = (iso: string) => new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { identifier } = await params;
  const caller = await serverCaller();
  const campaign = await caller.campaigns.get({ identifier: decodeURIComponent(identifier) });
  return { title: campaign.title };
}

export default async function CampaignPage({ params, searchParams }: Props) {
  const [{ identifier: raw }, { team }] = await Promise.all([params, searchParams]);
  const identifier = decodeURIComponent(raw);
  const caller = await serverCaller();
  const [p, me] = await Promise.all([caller.campaigns.progress({ identifier, ...(team ? { team } : {}) }), caller.me.get()]);
  const c = p.campaign;
  const fix = c.fixAction ? await caller.actions.get({ identifier: c.fixAction }).catch(() => null) : null;
  const manages = me.role === "admin" || (c.team !== undefined && me.teamIds.includes(c.team));
  const teamTitle = team ? (p.teams.find((t) => t.team === team)?.title ?? team) : null;
  return (
    <>
      <PageHeader
        title={c.title}
        description={
          <>
            Every {c.blueprint}
            {c.team ? ` of ${c.team}` : ""} to {goalWords(c.goal, p.scorecard.title)} · {date(c.startsAt)} to {date(c.dueAt)} ·{" "}
            <Link className="underline" href={`/scorecards/${encodeURIComponent(c.blueprint)}/${encodeURIComponent(c.scorecard)}`}>
              {p.scorecard.title}
            </Link>
          </>
        }
        actions={
          manages ? (
            <Link className="text-sm font-medium text-brand-700 hover:underline dark:text-brand-300" href={`/campaigns/${encodeURIComponent(c.identifier)}/edit`}>
              Edit campaign
            </Link>
          ) : null
        }
      />
      <div className="grid gap-4 lg:grid-cols-3">
        <Card className="space-y-3 lg:col-span-2">
          <div className="flex items-center justify-between gap-2">
            <CardTitle>Progress</CardTitle>
            <CampaignStatusBadge status={p.status} />
          </div>
          <ProgressBar done={p.done} total={p.total} />
          <BurndownChart points={p.burndown} dueAt={c.dueAt} />
        </Card>
        <Card className="space-y-2">
          <CardTitle>Why and how</CardTitle>
          {c.description ? <Markdown>{c.description}</Markdown> : <p className="text-sm text-zinc-500">No description.</p>}
          {fix ? (
            <p className="text-sm">
              Fix it with <span className="font-medium">{fix.title}</span>, offered beside each open entity below.
            </p>
          ) : null}
        </Card>
      </div>
      <Card className="mt-4 space-y-2">
        <CardTitle>Teams</CardTitle>
        {p.teams.length === 0 ? (
          <p className="text-sm text-zinc-500">No owned entity is in this campaign.</p>
        ) : (
          <Table aria-label="Teams">
            <thead>
              <tr>
                <Th>Team</Th>
                <Th>Done</Th>
                <Th>Standing</Th>
              </tr>
            </thead>
            <tbody>
              {p.teams.map((t) => (
                <tr key={t.team}>
                  <Td>
                    <Link className="font-medium hover:underline" href={`/campaigns/${encodeURIComponent(c.identifier)}?team=${encodeURIComponent(t.team)}`}>
                      {t.title}
                    </Link>
                  </Td>
                  <Td>
                    {t.done} of {t.total}
                  </Td>
                  <Td>
                    <CampaignStatusBadge status={t.status} />
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      <Card className="mt-4 space-y-2">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <CardTitle>{teamTitle ? `Open for ${teamTitle}` : "Open entities"}</CardTitle>
          {team ? (
            <Link className="text-sm underline" href={`/campaigns/${encodeURIComponent(c.identifier)}`}>
              All teams
            </Link>
          ) : null}
        </div>
        {p.open.length === 0 ? (
          <EmptyState title={p.total === 0 ? "Nothing in scope" : "Nothing left to do"}>
            {p.total === 0 ? "No entity matches this campaign's scope yet." : teamTitle ? `${teamTitle} has finished this campaign.` : "Every entity has reached the goal."}
          </EmptyState>
        ) : (
          <ul aria-label="Open entities" className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {p.open.map((o) => (
              <li key={o.identifier} className="flex flex-wrap items-start justify-between gap-2 py-2">
                <div className="space-y-1">
                  <Link className="font-medium hover:underline" href={entityHref(c.blueprint, o.identifier)}>
                    {o.title ?? o.identifier}
                  </Link>
                  <span className="ml-2 text-xs text-zinc-500">{[o.level?.title, o.teams.join(", ")].filter(Boolean).join(" · ")}</span>
                  <p className="text-sm text-zinc-600 dark:text-zinc-400">Next: {o.nextSteps.map((s) => s.title).join("; ") || "re-scoring"}</p>
                </div>
                {fix ? (
                  // A document load: the action's form page has its own CSP (proxy.ts).
                  <a className="text-sm font-medium text-brand-700 hover:underline dark:text-brand-300" href={`/self-service/${encodeURIComponent(fix.identifier)}?entity=${encodeURIComponent(o.identifier)}`}>
                    {fix.title}
                  </a>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {p.open.length >= 200 ? <p className="text-xs text-zinc-500">The first 200 are listed; the counts above cover all of them.</p> : null}
      </Card>
    </>
  );
}
