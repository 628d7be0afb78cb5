import type { Metadata } from "next";
import { InsightsReport } from "@/components/insights/insights-report";
import { Forbidden } from "@/components/shell/forbidden";
import { HydrateClient, prefetch, serverCaller, trpc } from "@/components/trpc/server";
import { PageHeader } from "@/components/ui/card";
import { getCurrentUser } from "@/server/auth/session";
import { periodOf } from "@/components/insights/period";

export const metadata: Metadata = { title: "Insights" };

/** Adoption insights for the platform team: is the platform used, and do standards move. */
export default async function InsightsPage({ searchParams }: { searchParams: Promise<{ days?: string; team?: string }> }) {
  const user = await getCurrentUser();
  if (user?.role !== "admin") return <Forbidden what="Adoption insights" />;
  const params = await searchParams;
  const days = periodOf(params.days);
  const team = params.team || undefined;
  const caller = await serverCaller();
  const [teams] = await Promise.all([caller.teams.list(), prefetch(trpc.insights.report.queryOptions({ days, team })).catch(() => undefined)]);
  return (
    <HydrateClient>
      <PageHeader
        title="Insights"
        description="Whether developers use the platform and standards move: active users, golden paths, time to production, catalog completeness and scorecard levels, each against the period before. Computed from what Portico records; nothing runs in the browser to track anyone."
      />
      <InsightsReport teams={teams.map((t) => ({ id: t.id, title: t.title }))} days={days} team={team ?? ""} />
    </HydrateClient>
  );
}
