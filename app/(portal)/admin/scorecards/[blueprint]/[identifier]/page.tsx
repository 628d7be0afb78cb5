import type { Metadata } from "next";
import Link from "next/link";
import { History } from "@/components/catalog/history";
import { Card, CardTitle, PageHeader } from "@/components/ui/card";
import { serverCaller } from "@/components/trpc/server";
import { ScorecardEditor } from "../../../_components/scorecard-editor";

type Params = { blueprint: string; identifier: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: `Scorecard ${(await params).identifier}` };
}

export default async function EditScorecardPage({ params }: { params: Promise<Params> }) {
  const { blueprint, identifier } = await params;
  const caller = await serverCaller();
  const [scorecard, history] = await Promise.all([
    caller.scorecards.get({ blueprint, identifier }),
    caller.catalog.history({ resourceType: "scorecard", resourceId: `${blueprint}/${identifier}` }),
  ]);
  const { blueprint: _bp, ...definition } = scorecard;
  void _bp;
  return (
    <>
      <PageHeader
        title={scorecard.title}
        description={
          <>
            <Link className="underline" href="/admin/scorecards">
              Scorecards
            </Link>{" "}
            · {blueprint} ·{" "}
            <Link className="underline" href={`/scorecards/${encodeURIComponent(blueprint)}/${encodeURIComponent(identifier)}`}>
              results
            </Link>
          </>
        }
      />
      <ScorecardEditor blueprint={blueprint} initial={definition} isNew={false} />
      <Card className="mt-6">
        <CardTitle>History</CardTitle>
        <History entries={history} />
      </Card>
    </>
  );
}
