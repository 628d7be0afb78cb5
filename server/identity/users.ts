import { asc, count, eq, ilike, or } from "drizzle-orm";
import { z } from "zod";
import { roles, users } from "@/db/schema";
import { audited } from "../audit/audited";
import { isAdmin, type ServiceContext } from "../context";
import { conflict, forbidden, notFound, parseInput } from "../errors";
import { containsPattern } from "../sql";
import { countLiveSessions } from "./sessions";

export const userListSchema = z.object({ search: z.string().trim().max(200).optional() });

export async function listUsers({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof userListSchema> }) {
  const { search } = parseInput(userListSchema, input, "Invalid user search");
  const rows = await ctx.db.query.users.findMany({
    where: search ? or(ilike(users.email, containsPattern(search)), ilike(users.name, containsPattern(search))) : undefined,
    orderBy: [asc(users.email)],
    limit: 500,
    columns: { id: true, email: true, name: true, image: true, role: true, roleSource: true, lastSignInAt: true, createdAt: true },
    with: { memberships: { columns: { teamId: true, source: true } }, identities: { columns: { provider: true } } },
  });
  // Who signs in how, and how many live sessions, is for admins only.
  const sessions = isAdmin(ctx.actor) ? await countLiveSessions(ctx, rows.map((u) => u.id)) : undefined;
  return rows.map(({ memberships, identities, ...u }) => ({
    ...u,
    teams: memberships.map((m) => m.teamId).sort(),
    signsInWith: sessions ? [...new Set(identities.map((i) => i.provider))].sort() : null,
    liveSessions: sessions ? (sessions.get(u.id) ?? 0) : null,
  }));
}

export const setRoleSchema = z.object({ userId: z.uuid(), role: z.enum(roles) });

export async function setUserRole({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof setRoleSchema> }) {
  if (!isAdmin(ctx.actor)) throw forbidden("Only admins can change roles");
  const { userId, role } = parseInput(setRoleSchema, input, "Invalid role change");
  return audited(ctx, async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
    if (!before) throw notFound("User");
    // Already this role, set by hand: nothing to write or audit.
    if (before.role === role && before.roleSource === "manual") return { result: before, audit: [] };
    if (before.role === "admin" && role !== "admin") {
      // Lock the admin rows so two concurrent demotions cannot both pass this check.
      const admins = await tx.select({ id: users.id }).from(users).where(eq(users.role, "admin")).for("update");
      if (admins.length <= 1) throw conflict("Portico needs at least one admin: promote someone else first");
    }
    const [after] = await tx
      .update(users)
      .set({ role, roleSource: "manual", updatedAt: new Date() })
      .where(eq(users.id, userId))
      .returning();
    return {
      result: after!,
      audit: {
        action: "user.update",
        resourceType: "user",
        resourceId: userId,
        before: { email: before.email, role: before.role, roleSource: before.roleSource },
        after: { email: after!.email, role: after!.role, roleSource: after!.roleSource },
      },
    };
  });
}

/** Demo users for the local sign-in page (embedded database without SSO only). */
export async function listDemoUsers(ctx: Pick<ServiceContext, "db">) {
  return ctx.db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role })
    .from(users)
    .where(eq(users.isDemo, true))
    .orderBy(asc(users.role), asc(users.email));
}

export async function countUsers(ctx: Pick<ServiceContext, "db">) {
  const [row] = await ctx.db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}
