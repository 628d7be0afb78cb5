import { asc, eq, sql, type SQL } from "drizzle-orm";
import { actions, blueprints, campaigns, entities, scorecardResults, scorecardSnapshots, teams } from "@/db/schema";
import { audited } from "../audit/audited";
import { compileQuery } from "../catalog/query-sql";
import { relationTargets } from "../catalog/service";
import { actorLabel, actorTeams, isAdmin, type ServiceContext } from "../context";
import { forbidden, invalid, notFound, type ErrorDetail } from "../errors";
import { teamSubtree } from "../identity/teams";
import { unchangedRow } from "../json-equality";
import { assertFieldsExist, definitionOf, rankedRules, type ScorecardDefinition } from "../scorecards/definition";
import { getScorecard } from "../scorecards/service";
import { parseCampaign, toCampaignJson, type CampaignInput } from "./definition";

type CampaignRow = typeof campaigns.$inferSelect;

/** Admins run any campaign; a team's members run their own team's (its entities only). */
function requireManager(ctx: ServiceContext, team: string | null | undefined) {
  if (isAdmin(ctx.actor)) return;
  if (team && actorTeams(ctx.actor).includes(team)) return;
  throw forbidden("Only admins can run a campaign across teams; a team's members can run one for their own team (set its team)");
}

export async function getCampaign({ ctx, input }: { ctx: ServiceContext; input: { identifier: string } }) {
  const [row] = await ctx.db.select().from(campaigns).where(eq(campaigns.identifier, input.identifier));
  if (!row) throw notFound(`Campaign ${input.identifier}`);
  return row;
}

/** The scorecard, goal, scope, team and action a campaign names must exist and fit each other. */
async function checkReferences(ctx: ServiceContext, c: CampaignInput): Promise<ScorecardDefinition> {
  const row = await getScorecard({ ctx, input: { blueprint: c.blueprint, identifier: c.scorecard } }).catch(() => {
    throw invalid("The campaign is invalid", [{ path: "/scorecard", message: `${c.blueprint} has no scorecard ${c.scorecard}` }]);
  });
  const sc = definitionOf(row);
  const problems: ErrorDetail[] = [];
  const goal = c.goal;
  if ("level" in goal && !sc.levels.some((l) => l.title === goal.level)) {
    problems.push({ path: "/goal/level", message: `must be a level of ${sc.title}: ${sc.levels.map((l) => l.title).join(", ")}` });
  }
  if ("rules" in goal) {
    goal.rules.forEach((r, i) => {
      if (!sc.rules.some((rule) => rule.identifier === r)) problems.push({ path: `/goal/rules/${i}`, message: `${r} is not a rule of ${sc.title}` });
    });
  }
  const [team] = c.team ? await ctx.db.select({ id: teams.id }).from(teams).where(eq(teams.id, c.team)) : [];
  if (c.team && !team) problems.push({ path: "/team", message: `team ${c.team} does not exist` });
  const [action] = c.fixAction ? await ctx.db.select({ identifier: actions.identifier, blueprint: actions.blueprint }).from(actions).where(eq(actions.identifier, c.fixAction)) : [];
  if (c.fixAction && !action) problems.push({ path: "/fixAction", message: `action ${c.fixAction} does not exist` });
  else if (action && action.blueprint !== c.blueprint) problems.push({ path: "/fixAction", message: `${c.fixAction} runs on ${action.blueprint}, not on ${c.blueprint}` });
  if (c.scope) {
    const all = await ctx.db.select().from(blueprints);
    const bp = all.find((b) => b.identifier === c.blueprint)!;
    try {
      assertFieldsExist({ filter: c.scope, rules: [] } as never, bp, all);
    } catch (e) {
      const details = (e as { details?: ErrorDetail[] }).details ?? [];
      problems.push(...details.map((d) => ({ ...d, path: d.path.replace(/^\/filter/, "/scope") })));
    }
  }
  if (problems.length) throw invalid("The campaign is invalid", problems);
  return sc;
}

/** Starts or changes a campaign (admins; a team's members for their team's). An identical write changes nothing. */
export async function putCampaign({ ctx, input }: { ctx: ServiceContext; input: { campaign: unknown } }) {
  const c = parseCampaign(input.campaign);
  requireManager(ctx, c.team);
  await checkReferences(ctx, c);
  return audited(ctx, async (tx) => {
    const [before] = await tx.select().from(campaigns).where(eq(campaigns.identifier, c.identifier)).for("update");
    if (before) requireManager(ctx, before.team);
    const by = actorLabel(ctx.actor);
    const values = {
      title: c.title,
      description: c.description ?? null,
      blueprint: c.blueprint,
      scorecard: c.scorecard,
      goal: c.goal,
      scope: c.scope ?? null,
      team: c.team ?? null,
      fixAction: c.fixAction ?? null,
      startsAt: new Date(c.startsAt),
      dueAt: new Date(c.dueAt),
      updatedAt: new Date(),
      updatedBy: by,
    };
    if (before && unchangedRow(before, values)) return { result: { campaign: before, created: false, unchanged: true }, audit: [] };
    // A new start or due date is a new campaign for its notifications: each goes out again when due.
    const datesMoved = before && (before.startsAt.getTime() !== values.startsAt.getTime() || before.dueAt.getTime() !== values.dueAt.getTime());
    const [saved] = before
      ? await tx
          .update(campaigns)
          .set({ ...values, ...(datesMoved ? { notified: {} } : {}) })
          .where(eq(campaigns.identifier, c.identifier))
          .returning()
      : await tx
          .insert(campaigns)
          .values({ ...values, identifier: c.identifier, createdBy: by })
          .returning();
    return {
      result: { campaign: saved!, created: !before, unchanged: false },
      audit: {
        action: before ? "campaign.update" : "campaign.create",
        resourceType: "campaign",
        resourceId: c.identifier,
        before: before ? toCampaignJson(before) : undefined,
        after: toCampaignJson(saved!),
      },
    };
  });
}

export async function deleteCampaign({ ctx, input }: { ctx: ServiceContext; input: { identifier: string } }) {
  const existing = await getCampaign({ ctx, input });
  requireManager(ctx, existing.team);
  return audited(ctx, async (tx) => {
    const [before] = await tx.delete(campaigns).where(eq(campaigns.identifier, input.identifier)).returning();
    if (!before) throw notFound(`Campaign ${input.identifier}`);
    return { result: { identifier: input.identifier }, audit: { action: "campaign.delete", resourceType: "campaign", resourceId: input.identifier, before: toCampaignJson(before) } };
  });
}

/** How a campaign's goal reads one entity's stored result, and which of its failing rules stand in the way. */
function goalOf(row: CampaignRow, sc: ScorecardDefinition) {
  const ranked = rankedRules(sc);
  if ("level" in row.goal) {
    const target = sc.levels.findIndex((l) => l.title === (row.goal as { level: string }).level);
    return {
      done: sql`r.level >= ${target}`,
      // Every failing rule of the goal level or below: all of them must pass to reach it.
      blockers: (passed: boolean[]) => ranked.filter((r, i) => !passed[i] && r.levelIndex <= target),
      level: target,
    };
  }
  const indexes = row.goal.rules.map((id) => sc.rules.findIndex((r) => r.identifier === id)).filter((i) => i >= 0);
  return {
    done: indexes.length ? sql.join(indexes.map((i) => sql`coalesce(r.passed[${i + 1}], false)`), sql` and `) : sql`true`,
    blockers: (passed: boolean[]) => indexes.filter((i) => !passed[i]).map((i) => ranked[i]!),
    level: undefined,
  };
}

/** The scorecard results of the entities in a campaign's scope (its Query, its team), as SQL to select from. */
async function scopeOf(ctx: ServiceContext, row: CampaignRow, extra: SQL = sql`true`) {
  const scope = row.scope ? compileQuery(row.scope, { blueprint: row.blueprint, relationTargets: await relationTargets(ctx.db) }) : sql`true`;
  const subtree = row.team ? await teamSubtree(ctx, row.team) : null;
  const team = subtree ? sql`${entities.team} && array[${sql.join(subtree.map((t) => sql`${t}`), sql`, `)}]::text[]` : sql`true`;
  return sql`${scorecardResults} r join ${entities} on ${entities.blueprint} = r.blueprint and ${entities.identifier} = r.entity
    where r.blueprint = ${row.blueprint} and r.scorecard = ${row.scorecard} and ${scope} and ${team} and ${extra}`;
}

const DAY = 86_400_000;

/** Where a team (or the whole campaign) stands: the share done against the share of the time gone. */
function standing(done: number, total: number, row: CampaignRow, now: Date): "finished" | "on-track" | "at-risk" | "overdue" | "not-started" {
  if (total > 0 && done === total) return "finished";
  if (now < row.startsAt) return "not-started";
  if (now > row.dueAt) return "overdue";
  const expected = (now.getTime() - row.startsAt.getTime()) / (row.dueAt.getTime() - row.startsAt.getTime());
  return total === 0 || done / total >= expected ? "on-track" : "at-risk";
}

/** Entities listed as open on a campaign's page (the counts cover all of them). */
export const CAMPAIGN_OPEN_LIST = 200;

/**
 * A campaign's progress, read from its scorecard's results and snapshots, so it moves as entities change:
 * done and total, per team with its standing, the open entities with their next steps (the failing rules
 * that stand in the way, and the action that fixes them), and the remaining count over time (burn-down).
 */
export async function campaignProgress({ ctx, input }: { ctx: ServiceContext; input: { identifier: string; team?: string } }) {
  const row = await getCampaign({ ctx, input });
  const sc = definitionOf(await getScorecard({ ctx, input: { blueprint: row.blueprint, identifier: row.scorecard } }));
  const goal = goalOf(row, sc);
  const onlyTeam = input.team ? await teamSubtree(ctx, input.team) : null;
  const teamFilter = onlyTeam ? sql`${entities.team} && array[${sql.join(onlyTeam.map((t) => sql`${t}`), sql`, `)}]::text[]` : sql`true`;
  const scoped = await scopeOf(ctx, row);
  const now = new Date();
  const [totals, perTeam, open, burndown] = await Promise.all([
    ctx.db.execute<{ total: number; done: number }>(sql`select count(*)::int as total, (count(*) filter (where ${goal.done}))::int as done from ${scoped}`),
    ctx.db.execute<{ team: string; total: number; done: number }>(sql`
      select t.team, count(*)::int as total, (count(*) filter (where x.done))::int as done
      from (select ${entities.team} as team, ${goal.done} as done from ${scoped}) x, lateral unnest(x.team) as t(team)
      group by t.team order by t.team`),
    ctx.db.execute<{ entity: string; title: string | null; team: string[]; level: number; passed: boolean[] }>(sql`
      select r.entity, ${entities.title} as title, ${entities.team} as team, r.level, r.passed from ${scoped} and not (${goal.done}) and ${teamFilter}
      order by r.entity limit ${CAMPAIGN_OPEN_LIST}`),
    // Remaining over time: each snapshot since the day before the start, for the entities in scope now.
    goal.level === undefined
      ? Promise.resolve([])
      : ctx.db.execute<{ at: Date; remaining: number; total: number }>(sql`
          select s.taken_at as at, (count(*) filter (where s.level < ${goal.level}))::int as remaining, count(*)::int as total
          from ${scorecardSnapshots} s where s.blueprint = ${row.blueprint} and s.scorecard = ${row.scorecard}
            and s.taken_at >= ${new Date(row.startsAt.getTime() - DAY).toISOString()}::timestamptz and s.taken_at <= ${now.toISOString()}::timestamptz
            and s.entity in (select r.entity from ${scoped})
          group by s.taken_at order by s.taken_at`),
  ]);
  const total = totals[0]?.total ?? 0;
  const done = totals[0]?.done ?? 0;
  const teamRows = await ctx.db.select({ id: teams.id, title: teams.title }).from(teams);
  const teamTitle = new Map(teamRows.map((t) => [t.id, t.title]));
  return {
    campaign: toCampaignJson(row),
    scorecard: { title: sc.title, levels: sc.levels },
    total,
    done,
    status: standing(done, total, row, now),
    teams: perTeam.map((t) => ({ team: t.team, title: teamTitle.get(t.team) ?? t.team, total: t.total, done: t.done, status: standing(t.done, t.total, row, now) })),
    open: open.map((o) => ({
      identifier: o.entity,
      title: o.title,
      teams: o.team,
      level: sc.levels[o.level] ?? null,
      nextSteps: goal.blockers(o.passed).map((r) => ({ rule: r.identifier, title: r.title ?? r.identifier, ...(r.description ? { description: r.description } : {}) })),
    })),
    burndown: [
      ...burndown.map((b) => ({ at: new Date(b.at).toISOString(), remaining: b.remaining })),
      // The last point is now, from the current results.
      { at: now.toISOString(), remaining: total - done },
    ],
  };
}

/**
 * Campaigns with their overall progress; for a team (with the teams below it) or one entity, only those
 * whose scope holds its entities, with the progress of those.
 */
export async function listCampaigns({ ctx, input }: { ctx: ServiceContext; input: { team?: string; entity?: { blueprint: string; identifier: string } } }) {
  const rows = await ctx.db
    .select()
    .from(campaigns)
    .where(input.entity ? eq(campaigns.blueprint, input.entity.blueprint) : undefined)
    .orderBy(asc(campaigns.dueAt), asc(campaigns.identifier));
  const subtree = input.team ? await teamSubtree(ctx, input.team) : null;
  const extra = subtree
    ? sql`${entities.team} && array[${sql.join(subtree.map((t) => sql`${t}`), sql`, `)}]::text[]`
    : input.entity
      ? sql`r.entity = ${input.entity.identifier}`
      : sql`true`;
  const now = new Date();
  const listed = await Promise.all(
    rows.map(async (row) => {
      const sc = await getScorecard({ ctx, input: { blueprint: row.blueprint, identifier: row.scorecard } });
      const goal = goalOf(row, definitionOf(sc));
      const [t] = await ctx.db.execute<{ total: number; done: number }>(
        sql`select count(*)::int as total, (count(*) filter (where ${goal.done}))::int as done from ${await scopeOf(ctx, row, extra)}`,
      );
      const total = t?.total ?? 0;
      const done = t?.done ?? 0;
      return { ...toCampaignJson(row), scorecardTitle: sc.title, total, done, status: standing(done, total, row, now) };
    }),
  );
  return subtree || input.entity ? listed.filter((c) => c.total > 0) : listed;
}
