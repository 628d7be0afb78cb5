import { eq, inArray, lte } from "drizzle-orm";
import type { Db } from "@/db/client";
import { campaigns, teamMembers } from "@/db/schema";
import type { CampaignNotified } from "@/db/schema/campaigns";
import { notifyUsers } from "../actions/notify";
import { systemActor, type ServiceContext } from "../context";
import { campaignProgress } from "./service";

const WEEK = 7 * 86_400_000;

/** Which of a campaign's notifications is due now and has not gone out: one at a time, the latest that applies. */
export function dueNotification(c: { startsAt: Date; dueAt: Date; notified: CampaignNotified }, now: Date): keyof CampaignNotified | undefined {
  if (now < c.startsAt) return undefined;
  if (now > c.dueAt) return c.notified.overdue ? undefined : "overdue";
  if (now.getTime() >= c.dueAt.getTime() - WEEK) return c.notified.weekBefore ? undefined : "weekBefore";
  return c.notified.started ? undefined : "started";
}

const words: Record<keyof CampaignNotified, (title: string, due: string, open: number) => string> = {
  started: (title, due, open) => `Campaign "${title}" started: ${open} of your team's entities to bring up by ${due}`,
  weekBefore: (title, due, open) => `Campaign "${title}" is due in a week (${due}): ${open} of your team's entities still open`,
  overdue: (title, due, open) => `Campaign "${title}" was due ${due}: ${open} of your team's entities still open`,
};

/**
 * Tells the owners of a campaign's open entities when it starts, a week before its due date and when it is
 * overdue: in the portal, and on the team's chat webhook when one is set (the outbox of actions/notify.ts).
 * Each goes once per campaign (a moved date sends them again); teams that finished hear nothing. The
 * campaign's row is locked while its notification is written, so replicas do not send it twice.
 */
export async function notifyCampaigns(db: Db, now = new Date()): Promise<{ campaign: string; notification: string; users: number }[]> {
  const sent: { campaign: string; notification: string; users: number }[] = [];
  const candidates = await db.select().from(campaigns).where(lte(campaigns.startsAt, now));
  for (const candidate of candidates) {
    if (!dueNotification(candidate, now)) continue;
    await db.transaction(async (tx) => {
      const [row] = await tx.select().from(campaigns).where(eq(campaigns.identifier, candidate.identifier)).for("update", { skipLocked: true });
      const which = row ? dueNotification(row, now) : undefined;
      if (!row || !which) return;
      const ctx: ServiceContext = { db: tx, actor: systemActor, origin: "system", requestId: `campaign-notify-${row.identifier}` };
      const progress = await campaignProgress({ ctx, input: { identifier: row.identifier } });
      const due = row.dueAt.toISOString().slice(0, 10);
      for (const team of progress.teams.filter((t) => t.status !== "finished")) {
        const members = await tx.select({ userId: teamMembers.userId }).from(teamMembers).where(eq(teamMembers.teamId, team.team));
        await notifyUsers(
          tx,
          members.map((m) => m.userId),
          { kind: `campaign.${which}`, title: words[which](row.title, due, team.total - team.done), link: `/campaigns/${encodeURIComponent(row.identifier)}?team=${encodeURIComponent(team.team)}` },
        );
        sent.push({ campaign: row.identifier, notification: which, users: members.length });
      }
      // The earlier ones count as sent too: a campaign created a day before its due date says so once.
      const notified: CampaignNotified = { ...row.notified, started: row.notified.started ?? now.toISOString() };
      if (which !== "started") notified.weekBefore ??= now.toISOString();
      if (which === "overdue") notified.overdue = now.toISOString();
      await tx.update(campaigns).set({ notified }).where(inArray(campaigns.identifier, [row.identifier]));
    });
  }
  return sent;
}
