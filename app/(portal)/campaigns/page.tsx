import type { Metadata } from "next";
import Link from "next/link";
import { CampaignStatusBadge, goalWords, ProgressBar } from "@/components/campaigns/status";
import { serverCaller } from "@/components/trpc/server";
import { Card, PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/states";

export const metadata: Metadata = { title: "Campaigns" };

const date = (iso: string) => new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

export default async function CampaignsPage({ searchParams }: { searchParams: Promise<{ team?: string }> }) {
  const { team } = await searchParams;
  const caller = await serverCaller();
  const list = await caller.campaigns.list(team ? { team } : {});
  return (
    <>
      <PageHeader
        title={team ? `Campaigns for ${team}` : "Campaigns"}
        description="A goal on a scorecard, for a set of entities, by a date: each team sees what is left and what to do next."
        actions={
          <Link className="text-sm font-medium text-brand-700 hover:underline dark:text-brand-300" href="/campaigns/-/new">
            New campaign
          </Link>
        }
      />
      {list.length === 0 ? (
        <EmptyState title={team ? "No campaign is about this team's entities" : "No campaigns yet"}>
          Start one to move a standard: pick a scorecard level (or rules), the entities it is about and a due date.
        </EmptyState>
      ) : (
        <div className="grid gap-4 md:grid-cols-2">
          {list.map((c) => (
            <Card key={c.identifier} className="space-y-2">
              <div className="flex items-baseline justify-between gap-2">
                <h2 className="font-semibold">
                  <Link className="hover:underline" href={`/campaigns/${encodeURIComponent(c.identifier)}${team ? `?team=${encodeURIComponent(team)}` : ""}`}>
                    {c.title}
                  </Link>
                </h2>
                <CampaignStatusBadge status={c.status} />
              </div>
              <p className="text-sm text-zinc-600 dark:text-zinc-400">
                Every {c.blueprint} {c.team ? `of ${c.team} ` : ""}to {goalWords(c.goal, c.scorecardTitle)}, by {date(c.dueAt)}
              </p>
              <ProgressBar done={c.done} total={c.total} />
            </Card>
          ))}
        </div>
      )}
    </>
  );
}
