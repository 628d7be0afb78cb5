import Link from "next/link";
import { Card, CardTitle } from "@/components/ui/card";
import { CampaignStatusBadge, ProgressBar, type CampaignStatus } from "./status";

type Item = { identifier: string; title: string; dueAt: string; done: number; total: number; status: CampaignStatus };

const date = (iso: string) => new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/**
 * The campaigns about a team's entities (with its progress in each) or about one entity (done or open),
 * on the team's page and the entity's Scorecards tab. Nothing when there are none.
 */
export function CampaignList({ items, team, entity }: { items: Item[]; team?: string; entity?: boolean }) {
  if (!items.length) return null;
  return (
    <Card aria-label="Campaigns" className="space-y-3">
      <CardTitle>Campaigns</CardTitle>
      <ul className="space-y-3">
        {items.map((c) => (
          <li key={c.identifier} className="space-y-1">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <Link className="font-medium hover:underline" href={`/campaigns/${encodeURIComponent(c.identifier)}${team ? `?team=${encodeURIComponent(team)}` : ""}`}>
                {c.title}
              </Link>
              <span className="flex items-center gap-2 text-xs text-zinc-500">
                due {date(c.dueAt)} {entity ? <CampaignStatusBadge status={c.done === c.total ? "finished" : c.status} /> : <CampaignStatusBadge status={c.status} />}
              </span>
            </div>
            {entity ? null : <ProgressBar done={c.done} total={c.total} />}
          </li>
        ))}
      </ul>
    </Card>
  );
}
