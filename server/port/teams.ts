import { eq, inArray } from "drizzle-orm";
import { teamMembers, teams, users } from "@/db/schema";
import { audited, type AuditRecord } from "../audit/audited";
import type { ServiceContext } from "../context";
import { invalid, type ErrorDetail } from "../errors";
import { createTeam, updateTeam } from "../identity/teams";

/**
 * Port's teams (`{name, description, users: [emails]}`). Port names a team by one free-text name, used as the
 * `team` of entities; Portico has an identifier and a title. A Port name becomes the identifier `portTeamId(name)`
 * and the title `name`; going back, a team whose title gives its identifier is named by its title, any other by its
 * identifier — so a Port team comes back with the name it had.
 */
export const portTeamId = (name: string) =>
  name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, "-")
    .replace(/^[^a-z0-9]+|-+$/g, "")
    .slice(0, 100);

export const portTeamName = (team: { id: string; title: string }) => (portTeamId(team.title) === team.id ? team.title : team.id);

export type PortTeamsReport = { created: string[]; updated: string[]; unchanged: string[] };

/** Creates or updates each team, creates the users it names (as SSO would on first sign-in) and adds the missing memberships. */
export async function importPortTeams(ctx: ServiceContext, input: unknown, path: string): Promise<PortTeamsReport> {
  if (!Array.isArray(input)) throw invalid("Port's teams are a list", [{ path, message: "must be a list of {name, description, users}" }]);
  const problems: ErrorDetail[] = [];
  const items = input.flatMap((t: unknown, i) => {
    const team = (t ?? {}) as { name?: unknown; description?: unknown; users?: unknown };
    if (typeof team.name !== "string" || !team.name.trim()) {
      problems.push({ path: `${path}/${i}/name`, message: "is required: the team's name" });
      return [];
    }
    if (!portTeamId(team.name)) {
      problems.push({ path: `${path}/${i}/name`, message: "needs a letter or digit: Portico's team identifier is made from the name (lowercase letters, digits, dots, dashes)" });
      return [];
    }
    if (team.users !== undefined && !Array.isArray(team.users)) problems.push({ path: `${path}/${i}/users`, message: "must be a list of emails" });
    const emails: string[] = [];
    (Array.isArray(team.users) ? team.users : []).forEach((e: unknown, j) => {
      if (typeof e === "string" && /^[^@\s]+@[^@\s]+$/.test(e)) emails.push(e.toLowerCase());
      else problems.push({ path: `${path}/${i}/users/${j}`, message: "must be an email" });
    });
    if (team.description !== undefined && team.description !== null && typeof team.description !== "string") problems.push({ path: `${path}/${i}/description`, message: "must be text" });
    return [{ id: portTeamId(team.name), title: team.name.trim().slice(0, 200), description: typeof team.description === "string" && team.description ? team.description : null, emails }];
  });
  if (problems.length) throw invalid("Some teams are invalid", problems);
  const report: PortTeamsReport = { created: [], updated: [], unchanged: [] };
  const existing = new Map(items.length ? (await ctx.db.select().from(teams).where(inArray(teams.id, items.map((t) => t.id)))).map((t) => [t.id, t]) : []);
  for (const t of items) {
    const before = existing.get(t.id);
    // A name that is the team's identifier is how the export names a team whose title Port cannot hold: the title stays.
    if (before && t.title === before.id) t.title = before.title;
    if (!before) {
      await createTeam({ ctx, input: { id: t.id, title: t.title, description: t.description } });
      report.created.push(t.id);
    } else if (before.title !== t.title || (before.description ?? null) !== t.description) {
      await updateTeam({ ctx, input: { id: t.id, title: t.title, description: t.description } });
      report.updated.push(t.id);
    } else report.unchanged.push(t.id);
  }
  const emails = [...new Set(items.flatMap((t) => t.emails))];
  if (!emails.length) return report;
  await audited(ctx, async (tx) => {
    const audit: AuditRecord[] = [];
    const idOf = new Map((await tx.select({ id: users.id, email: users.email }).from(users).where(inArray(users.email, emails))).map((u) => [u.email, u.id]));
    for (const email of emails.filter((e) => !idOf.has(e))) {
      const [created] = await tx.insert(users).values({ email, name: email.split("@")[0] }).returning();
      audit.push({ action: "user.create", resourceType: "user", resourceId: created!.id, after: { email, name: created!.name } });
      idOf.set(email, created!.id);
    }
    for (const t of items) {
      const have = new Set((await tx.select({ userId: teamMembers.userId }).from(teamMembers).where(eq(teamMembers.teamId, t.id))).map((m) => m.userId));
      for (const email of t.emails) {
        const userId = idOf.get(email)!;
        if (have.has(userId)) continue;
        await tx.insert(teamMembers).values({ teamId: t.id, userId, source: "manual" }).onConflictDoNothing();
        audit.push({ action: "team.add-member", resourceType: "team", resourceId: t.id, after: { userId, email, source: "manual" } });
        if (!report.created.includes(t.id) && !report.updated.includes(t.id)) {
          report.unchanged = report.unchanged.filter((id) => id !== t.id);
          report.updated.push(t.id);
        }
      }
    }
    return { result: null, audit };
  });
  return report;
}
