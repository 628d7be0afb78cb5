import { desc, eq, inArray } from "drizzle-orm";
import { auditEvents, teams } from "@/db/schema";
import { listEntities } from "./catalog/service";
import type { ServiceContext } from "./context";

/** What the home page shows the signed-in user: their teams, their services, their recent changes. */
export async function getHome({ ctx }: { ctx: ServiceContext }) {
  const teamIds = ctx.actor.kind === "user" ? ctx.actor.teamIds : [];
  const [myTeams, services, activity] = await Promise.all([
    teamIds.length
      ? ctx.db.select({ id: teams.id, title: teams.title, description: teams.description }).from(teams).where(inArray(teams.id, teamIds))
      : Promise.resolve([]),
    teamIds.length
      ? listEntities({ ctx, input: { blueprint: "service", teams: teamIds, limit: 12 } })
      : Promise.resolve({ items: [], total: 0, nextCursor: null }),
    ctx.db
      .select({
        id: auditEvents.id,
        at: auditEvents.at,
        action: auditEvents.action,
        resourceType: auditEvents.resourceType,
        resourceId: auditEvents.resourceId,
        before: auditEvents.before,
        after: auditEvents.after,
      })
      .from(auditEvents)
      .where(eq(auditEvents.actorId, ctx.actor.id))
      .orderBy(desc(auditEvents.id))
      .limit(8),
  ]);
  return { teams: myTeams, services, activity };
}
