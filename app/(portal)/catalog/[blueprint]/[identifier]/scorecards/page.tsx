import type { Metadata } from "next";
import Link from "next/link";
import { CampaignList } from "@/components/campaigns/campaign-list";
import { EntityPageHeader } from "@/components/catalog/entity-page-header";
import { EntityTabs } from "@/components/catalog/entity-tabs";
import { hasDocs } from "@/server/docs/location";
import { EntityScorecards } from "@/components/scorecards/entity-scorecards";
import { EmptyState } from "@/components/ui/states";
import { serverCaller } from "@/components/trpc/server";

type Params = { blueprint: string; identifier: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: `${(await params).identifier} · Scorecards` };
}

/** One entity against every scorecard of its blueprint: level, score, each rule, and what the next level needs. */
export default async function EntityScorecardsPage({ params }: { params: Promise<Params> }) {
  const { blueprint, identifier } = await params;
  const caller = await serverCaller();
  // A missing entity or blueprint is the not-found page (serverCaller).
  const [bp, entity, results, me, campaigns] = await Promise.all([
    caller.catalog.blueprint({ identifier: blueprint }),
    caller.catalog.entity({ blueprint, identifier }),
    caller.scorecards.forEntity({ blueprint, identifier }),
    caller.me.get(),
    caller.campaigns.list({ entity: { blueprint, identifier } }),
  ]);
  return (
    <>
      <EntityPageHeader blueprint={blueprint} blueprintTitle={bp.title} entity={entity} />
      <EntityTabs blueprint={blueprint} identifier={identifier} current="scorecards" docs={hasDocs(entity.properties)} />
      <div className="mb-4">
        <CampaignList items={campaigns} entity />
      </div>
      {results.length ? (
        <EntityScorecards blueprint={blueprint} results={results} />
      ) : (
        <EmptyState title={`No scorecard measures ${bp.title.toLowerCase()} entities yet`}>
          {me.role === "admin" ? (
            <Link className="underline" href="/admin/scorecards/new">
              Create a scorecard
            </Link>
          ) : (
            "Admins define scorecards (production readiness, security, documentation) in Admin → Scorecards."
          )}
        </EmptyState>
      )}
    </>
  );
}
