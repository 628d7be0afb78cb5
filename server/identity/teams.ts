import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { teamMembers, teams, users } from "@/db/schema";
import { audited } from "../audit/audited";
import { matchesAny } from "../auth/claims";
import { requireAdmin, type ServiceContext } from "../context";
import { conflict, invalid, notFound, parseInput } from "../errors";
import { unchangedRow } from "../json-equality";

export const identifierSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, {
    error: "Use 1–100 letters, digits, '_', '.' or '-', starting with a letter or digit",
  });

export const teamInputSchema = z.object({
  id: identifierSchema,
  title: z.string().trim().min(1, { error: "A title is required" }).max(200),
  description: z.string().trim().max(2000).nullish(),
  idpGroup: z.string().trim().max(200).nullish(),
  /** The team above this one in the tree (what it owns rolls up to the parent's page). */
  parentId: identifierSchema.nullish(),
});
export const teamUpdateSchema = teamInputSchema.partial().required({ id: true });
export const membershipSchema = z.object({ teamId: identifierSchema, userId: z.uuid() });

export async function listTeams({ ctx }: { ctx: ServiceContext }) {
  return ctx.db
    .select({
      id: teams.id,
      title: teams.title,
      description: teams.description,
      idpGroup: teams.idpGroup,
      memberCount: sql<number>`(select count(*)::int from ${teamMembers} where ${teamMembers.teamId} = ${teams.id})`,
    })
    .from(teams)
    .orderBy(asc(teams.title));
}

export async function getTeam({ ctx, input }: { ctx: ServiceContext; input: { id: string } }) {
  const team = await ctx.db.query.teams.findFirst({
    where: eq(teams.id, input.id),
    with: { members: { with: { user: { columns: { id: true, email: true, name: true, image: true, role: true } } } } },
  });
  if (!team) throw notFound(`Team ${input.id}`);
  const [subtree, parent, children] = await Promise.all([
    teamSubtree(ctx, input.id),
    team.parentId ? ctx.db.select({ id: teams.id, title: teams.title }).from(teams).where(eq(teams.id, team.parentId)) : [],
    ctx.db.select({ id: teams.id, title: teams.title }).from(teams).where(eq(teams.parentId, input.id)).orderBy(asc(teams.title)),
  ]);
  return {
    ...team,
    parent: parent[0] ?? null,
    children,
    /** The team and every team below it: what it owns includes what they own. */
    subtree,
    members: team.members
      .map((m) => ({ ...m.user, source: m.source, since: m.createdAt }))
      .sort((a, b) => a.email.localeCompare(b.email)),
  };
}

/** A parent must exist and must not be the team or one below it (the tree would become a loop). */
async function assertParent(db: ServiceContext["db"], id: string, parentId: string) {
  const [parent] = await db.select({ id: teams.id }).from(teams).where(eq(teams.id, parentId));
  if (!parent) throw invalid("Invalid team", [{ path: "/parentId", message: `team ${parentId} does not exist` }]);
  if ((await teamSubtree({ db }, id)).includes(parentId)) throw invalid("Invalid team", [{ path: "/parentId", message: `${parentId} is ${parentId === id ? "this team" : "below this team"}; the tree would become a loop` }]);
}

/** A team and all teams below it in the tree (Backstage's Group parent/children), the team first. */
export async function teamSubtree(ctx: Pick<ServiceContext, "db">, id: string): Promise<string[]> {
  const rows = await ctx.db.execute<{ id: string }>(sql`
    with recursive tree(id, depth) as (
      select ${id}::text, 0
      union
      select t.id, tree.depth + 1 from ${teams} t join tree on t.parent_id = tree.id where tree.depth < 50)
    select id from tree order by depth, id`);
  return [...new Set(rows.map((r) => r.id))];
}

const teamSnapshot = (t: typeof teams.$inferSelect) => ({
  id: t.id,
  title: t.title,
  description: t.description,
  idpGroup: t.idpGroup,
  parentId: t.parentId,
});

export async function createTeam({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof teamInputSchema> }) {
  requireAdmin(ctx, "create teams");
  const data = parseInput(teamInputSchema, input, "Invalid team");
  return audited(ctx, async (tx) => {
    if (data.parentId) await assertParent(tx, data.id, data.parentId);
    const [created] = await tx.insert(teams).values(data).onConflictDoNothing().returning();
    if (!created) throw conflict(`A team with identifier ${data.id} already exists`);
    return { result: created, audit: { action: "team.create", resourceType: "team", resourceId: created.id, after: teamSnapshot(created) } };
  });
}

export async function updateTeam({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof teamUpdateSchema> }) {
  requireAdmin(ctx, "edit teams");
  const { id, ...changes } = parseInput(teamUpdateSchema, input, "Invalid team");
  return audited(ctx, async (tx) => {
    const [before] = await tx.select().from(teams).where(eq(teams.id, id)).for("update");
    if (!before) throw notFound(`Team ${id}`);
    if (changes.parentId) await assertParent(tx, id, changes.parentId);
    // The same values: nothing to write or audit.
    if (unchangedRow(before, changes)) return { result: before, audit: [] };
    const [after] = await tx.update(teams).set({ ...changes, updatedAt: new Date() }).where(eq(teams.id, id)).returning();
    return {
      result: after!,
      audit: { action: "team.update", resourceType: "team", resourceId: id, before: teamSnapshot(before), after: teamSnapshot(after!) },
    };
  });
}

export async function deleteTeam({ ctx, input }: { ctx: ServiceContext; input: { id: string } }) {
  requireAdmin(ctx, "delete teams");
  return audited(ctx, async (tx) => {
    const [before] = await tx.delete(teams).where(eq(teams.id, input.id)).returning();
    if (!before) throw notFound(`Team ${input.id}`);
    return { result: { id: before.id }, audit: { action: "team.delete", resourceType: "team", resourceId: before.id, before: teamSnapshot(before) } };
  });
}

export async function addTeamMember({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof membershipSchema> }) {
  requireAdmin(ctx, "change team members");
  const { teamId, userId } = parseInput(membershipSchema, input, "Invalid membership");
  return audited(ctx, async (tx) => {
    const [team] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId));
    if (!team) throw notFound(`Team ${teamId}`);
    const [user] = await tx.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, userId));
    if (!user) throw notFound("User");
    const [added] = await tx.insert(teamMembers).values({ teamId, userId, source: "manual" }).onConflictDoNothing().returning();
    if (!added) throw conflict(`${user.email} is already a member of ${teamId}`);
    return {
      result: added,
      audit: { action: "team.add-member", resourceType: "team", resourceId: teamId, after: { userId, email: user.email, source: "manual" } },
    };
  });
}

export async function removeTeamMember({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof membershipSchema> }) {
  requireAdmin(ctx, "change team members");
  const { teamId, userId } = parseInput(membershipSchema, input, "Invalid membership");
  return audited(ctx, async (tx) => {
    const [removed] = await tx
      .delete(teamMembers)
      .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)))
      .returning();
    if (!removed) throw notFound("That membership");
    const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId));
    return {
      result: { teamId, userId },
      audit: {
        action: "team.remove-member",
        resourceType: "team",
        resourceId: teamId,
        before: { userId, email: user?.email, source: removed.source },
      },
    };
  });
}

/** Teams whose IdP group (or identifier) is in `groups`. */
/**
 * Teams whose IdP group (or, when a team has none, whose id) is among `groups`, matched as
 * `groupMatches` says (Keycloak paths by their last segment too, Entra object ids in any case).
 */
export async function teamsForGroups(ctx: Pick<ServiceContext, "db">, groups: string[]): Promise<string[]> {
  if (groups.length === 0) return [];
  const rows = await ctx.db.select({ id: teams.id, idpGroup: teams.idpGroup }).from(teams);
  return rows.filter((t) => matchesAny(groups, [t.idpGroup ?? t.id])).map((t) => t.id);
}
