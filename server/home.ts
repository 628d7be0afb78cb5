import { desc, eq, inArray } from "drizzle-orm";
import { auditEvents, teams } from "@/db/schema";
import { searchEntities } from "./catalog/search";
import { actorTeams, type ServiceContext } from "./context";
import { DomainError } from "./errors";

const noServices = { items: [], total: 0, nextCursor: null };

/** What the home page shows the signed-in user: their teams, their services, their recent changes. */
export async function getHome({ ctx }: { ctx: ServiceContext }) {
  const teamIds = actorTeams(ctx.actor);
  const [myTeams, services, activity] = await Promise.all([
    teamIds.length
      ? ctx.db.select({ id: teams.id, title: teams.title, description: teams.description }).from(teams).where(inArray(teams.id, teamIds))
      : Promise.resolve([]),
    teamIds.length
      ? searchEntities({
          ctx,
          input: { blueprint: "service", query: { combinator: "and", rules: [{ meta: "$team", operator: "in", value: teamIds }] }, limit: 12 },
        }).catch((error) => {
          // A Portico without a `service` blueprint simply has no services to show.
          if (error instanceof DomainError && error.code === "NOT_FOUND") return noServices;
          throw error;
        })
      : Promise.resolve(noServices),
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
