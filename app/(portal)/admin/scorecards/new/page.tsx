import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/card";
import { serverCaller } from "@/components/trpc/server";
import { medalLevels } from "@/server/scorecards/definition";
import { ScorecardEditor } from "../../_components/scorecard-editor";

export const metadata: Metadata = { title: "New scorecard" };

export default async function NewScorecardPage({ searchParams }: { searchParams: Promise<{ blueprint?: string }> }) {
  const blueprint = (await searchParams).blueprint ?? "service";
  const caller = await serverCaller();
  const bp = await caller.catalog.blueprint({ identifier: blueprint });
  const first = Object.keys(bp.schema.properties)[0];
  const starter = {
    identifier: "my-scorecard",
    title: "My scorecard",
    levels: medalLevels,
    rules: [
      { identifier: "has-owner", title: "Has an owning team", level: "Bronze", query: { combinator: "and", rules: [{ meta: "$team", operator: "isNotEmpty" }] } },
      ...(first ? [{ identifier: `has-${first}`, title: `Has ${bp.schema.properties[first]?.title ?? first}`, level: "Silver", query: { combinator: "and", rules: [{ property: first, operator: "isNotEmpty" }] } }] : []),
    ],
  };
  return (
    <>
      <PageHeader
        title={`New scorecard on ${bp.title}`}
        description={
          <Link className="underline" href="/admin/scorecards">
            Scorecards
          </Link>
        }
      />
      <ScorecardEditor blueprint={blueprint} initial={starter} isNew />
    </>
  );
}
