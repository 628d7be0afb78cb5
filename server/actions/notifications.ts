import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { notifications } from "@/db/schema";
import type { ServiceContext } from "../context";

/** The signed-in user's latest notifications and how many are unread. API tokens have none. */
export async function listNotifications({ ctx }: { ctx: ServiceContext }) {
  if (ctx.actor.kind !== "user") return { items: [], unread: 0 };
  const items = await ctx.db.select().from(notifications).where(eq(notifications.userId, ctx.actor.id)).orderBy(desc(notifications.id)).limit(30);
  const [{ unread } = { unread: 0 }] = await ctx.db
    .select({ unread: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, ctx.actor.id), isNull(notifications.readAt)));
  return { items, unread };
}

/** Marks some (or all) of the user's notifications read. Reading is not a change worth an audit event. */
export async function markNotificationsRead({ ctx, input }: { ctx: ServiceContext; input: { ids?: number[] } }) {
  if (ctx.actor.kind !== "user") return { updated: 0 };
  const updated = await ctx.db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.userId, ctx.actor.id), isNull(notifications.readAt), input.ids ? inArray(notifications.id, input.ids) : undefined))
    .returning({ id: notifications.id });
  return { updated: updated.length };
}
