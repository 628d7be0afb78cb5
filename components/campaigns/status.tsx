import { Badge, type Tone } from "@/components/ui/badge";

export type CampaignStatus = "not-started" | "on-track" | "at-risk" | "overdue" | "finished";

const words: Record<CampaignStatus, [string, Tone]> = {
  "not-started": ["Not started", "gray"],
  "on-track": ["On track", "blue"],
  "at-risk": ["At risk", "yellow"],
  overdue: ["Overdue", "red"],
  finished: ["Finished", "green"],
};

/** Where a campaign or a team stands, in words. */
export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  const [label, tone] = words[status];
  return <Badge tone={tone}>{label}</Badge>;
}

/** Done out of total as a bar, with the numbers in words for screen readers. */
export function ProgressBar({ done, total }: { done: number; total: number }) {
  const share = total ? Math.round((done / total) * 100) : 0;
  return (
    <div className="flex items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
      <div role="progressbar" aria-valuemin={0} aria-valuemax={total} aria-valuenow={done} aria-label={`${done} of ${total} done`} className="h-2 flex-1 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800">
        <div className="h-full bg-green-600" style={{ width: `${share}%` }} />
      </div>
      <span className="whitespace-nowrap">
        {done} of {total} done
      </span>
    </div>
  );
}

/** The goal in words: "reach Silver on Readiness" or "pass Has a repository, Has on-call". */
export function goalWords(goal: { level: string } | { rules: string[] }, scorecardTitle: string, ruleTitles?: Map<string, string>) {
  return "level" in goal ? `reach ${goal.level} on ${scorecardTitle}` : `pass ${goal.rules.map((r) => ruleTitles?.get(r) ?? r).join(", ")} on ${scorecardTitle}`;
}
