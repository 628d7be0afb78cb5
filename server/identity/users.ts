import { and, asc, count, eq, ilike, inArray, or, sql } from "drizzle-orm";
import { z } from "zod";
import { roles, teamMembers, users, type Role } from "@/db/schema";
import { audited, type AuditRecord } from "../audit/audited";
import { isAdmin, systemActor, type ServiceContext, type UserActor } from "../context";
import { conflict, forbidden, notFound, parseInput } from "../errors";
import { containsPattern } from "../sql";
import { teamsForGroups } from "./teams";

/** The signed-in user as services see them, with their team ids. Undefined if they no longer exist. */
export async function loadUserActor(ctx: Pick<ServiceContext, "db">, userId: string): Promise<UserActor | undefined> {
  const user = await ctx.db.query.users.findFirst({
    where: eq(users.id, userId),
    with: { memberships: { columns: { teamId: true } } },
  });
  if (!user) return undefined;
  return {
    kind: "user",
    id: user.id,
    email: user.email,
    name: user.name,
    image: user.image,
    role: user.role,
    teamIds: user.memberships.map((m) => m.teamId).sort(),
  };
}

export const userListSchema = z.object({ search: z.string().trim().max(200).optional() });

export async function listUsers({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof userListSchema> }) {
  const { search } = parseInput(userListSchema, input, "Invalid user search");
  const rows = await ctx.db.query.users.findMany({
    where: search ? or(ilike(users.email, containsPattern(search)), ilike(users.name, containsPattern(search))) : undefined,
    orderBy: [asc(users.email)],
    limit: 500,
    columns: { id: true, email: true, name: true, image: true, role: true, roleSource: true, lastSignInAt: true, createdAt: true },
    with: { memberships: { columns: { teamId: true, source: true } } },
  });
  return rows.map(({ memberships, ...u }) => ({ ...u, teams: memberships.map((m) => m.teamId).sort() }));
}

export const setRoleSchema = z.object({ userId: z.uuid(), role: z.enum(roles) });

export async function setUserRole({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof setRoleSchema> }) {
  if (!isAdmin(ctx.actor)) throw forbidden("Only admins can change roles");
  const { userId, role } = parseInput(setRoleSchema, input, "Invalid role change");
  return audited(ctx, async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
    if (!before) throw notFound("User");
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

export type SignInProfile = {
  /** Auth.js provider id: `oidc`, `github`. */
  provider: string;
  email: string;
  name?: string | null;
  image?: string | null;
  /** IdP groups from the configured claim; undefined when the provider sends none (GitHub). */
  groups?: string[];
};

/**
 * Creates the user on first sign-in and applies the IdP's groups: admin role from the admin
 * groups, team memberships from teams mapped to those groups. Manual roles and memberships set
 * by admins are kept. Everything it changes is audited with origin `integration`.
 */
export async function signInUser(
  base: Pick<ServiceContext, "db" | "requestId" | "ip">,
  profile: SignInProfile,
  adminGroups: string[],
): Promise<UserActor> {
  const email = profile.email.trim().toLowerCase();
  const ctx: ServiceContext = { ...base, actor: systemActor, origin: "integration" };
  const userId = await audited(ctx, async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const audit: AuditRecord[] = [];
    // Insert-or-nothing first, so two first sign-ins of one person at once cannot both create them.
    const [created] = await tx
      .insert(users)
      .values({ email, name: profile.name ?? null, image: profile.image ?? null })
      .onConflictDoNothing()
      .returning();
    if (created) {
      audit.push({ action: "user.create", resourceType: "user", resourceId: created.id, after: { email, name: profile.name ?? null } });
    }
    const [current] = await tx.select().from(users).where(eq(sql`lower(${users.email})`, email)).for("update");
    if (!current) throw notFound("User");
    const groups = profile.groups;
    let role: Role = current.role;
    let roleSource = current.roleSource;
    if (groups) {
      const inAdminGroup = groups.some((g) => adminGroups.includes(g));
      if (inAdminGroup && role !== "admin") [role, roleSource] = ["admin", "idp"];
      else if (!inAdminGroup && role === "admin" && roleSource === "idp") role = "member";
    }
    if (role !== current.role) {
      audit.push({
        action: "user.update",
        resourceType: "user",
        resourceId: current.id,
        before: { email, role: current.role },
        after: { email, role },
      });
    }
    await tx
      .update(users)
      .set({
        role,
        roleSource,
        name: profile.name ?? current.name,
        image: profile.image ?? current.image,
        lastSignInAt: new Date(),
        updatedAt: new Date(),
      })
      .where(eq(users.id, current.id));

    if (groups) audit.push(...(await syncIdpMemberships(txCtx, current.id, email, groups)));
    audit.push(signInEvent(current.id, email, profile.provider));
    const self = { id: current.id, label: email };
    return { result: current.id, audit: audit.map((a) => (a.action === "user.create" ? a : { ...a, actor: self })) };
  });
  const actor = await loadUserActor(base, userId);
  if (!actor) throw notFound("User");
  return actor;
}

async function syncIdpMemberships(ctx: ServiceContext, userId: string, email: string, groups: string[]): Promise<AuditRecord[]> {
  const wanted = await teamsForGroups(ctx, groups);
  const existing = await ctx.db.select().from(teamMembers).where(eq(teamMembers.userId, userId));
  const have = new Set(existing.map((m) => m.teamId));
  const added = wanted.filter((t) => !have.has(t));
  const removed = existing.filter((m) => m.source === "idp" && !wanted.includes(m.teamId)).map((m) => m.teamId);
  if (added.length) {
    await ctx.db.insert(teamMembers).values(added.map((teamId) => ({ teamId, userId, source: "idp" as const })));
  }
  if (removed.length) {
    await ctx.db
      .delete(teamMembers)
      .where(and(eq(teamMembers.userId, userId), inArray(teamMembers.teamId, removed), eq(teamMembers.source, "idp")));
  }
  return [
    ...added.map((teamId) => ({
      action: "team.add-member",
      resourceType: "team",
      resourceId: teamId,
      after: { userId, email, source: "idp" },
    })),
    ...removed.map((teamId) => ({
      action: "team.remove-member",
      resourceType: "team",
      resourceId: teamId,
      before: { userId, email, source: "idp" },
    })),
  ];
}

/** Demo users for the local sign-in page (embedded database without SSO only). */
export async function listDemoUsers(ctx: Pick<ServiceContext, "db">) {
  return ctx.db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role })
    .from(users)
    .where(eq(users.isDemo, true))
    .orderBy(asc(users.role), asc(users.email));
}

/** Signs a demo user in; undefined if `userId` is not a demo user. */
export async function signInDemoUser(base: Pick<ServiceContext, "db" | "requestId" | "ip">, userId: string) {
  const ctx: ServiceContext = { ...base, actor: systemActor, origin: "ui" };
  return audited(ctx, async (tx) => {
    const [user] = await tx
      .update(users)
      .set({ lastSignInAt: new Date() })
      .where(and(eq(users.id, userId), eq(users.isDemo, true)))
      .returning({ id: users.id, email: users.email, name: users.name });
    return { result: user, audit: user ? [signInEvent(user.id, user.email, "demo")] : [] };
  });
}

const signInEvent = (userId: string, email: string, provider: string): AuditRecord => ({
  action: "user.sign-in",
  resourceType: "user",
  resourceId: userId,
  after: { email, provider },
  actor: { id: userId, label: email },
});

export async function countUsers(ctx: Pick<ServiceContext, "db">) {
  const [row] = await ctx.db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}
