import { and, asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { blueprints, campaigns, entities, scorecardResults, scorecards, scorecardSnapshots, scorecardTrends } from "@/db/schema";
import { audited } from "../audit/audited";
import { toCampaignJson } from "../campaigns/definition";
import { teamSubtree } from "../identity/teams";
import { getBlueprint, relationTargets } from "../catalog/service";
import { actorLabel, requireAdmin, type ServiceContext } from "../context";
import { notFound } from "../errors";
import { unchangedRow } from "../json-equality";
import { assertFieldsExist, definitionOf, parseScorecard, rankedRules, toScorecardJson, type ScorecardDefinition } from "./definition";
import { evaluateScorecard, realignResults, scoredSelect } from "./evaluate";
import { nextLevelBlockers } from "./levels";

export async function listScorecards({ ctx, input }: { ctx: ServiceContext; input: { blueprint?: string } }) {
  const rows = await ctx.db
    .select()
    .from(scorecards)
    .where(input.blueprint ? eq(scorecards.blueprint, input.blueprint) : undefined)
    .orderBy(asc(scorecards.blueprint), asc(scorecards.title));
  const distribution = await ctx.db.execute<{ blueprint: string; scorecard: string; level: number; n: number; avg: number }>(sql`
    select blueprint, scorecard, level, count(*)::int as n, avg(score)::float8 as avg from ${scorecardResults}
    ${input.blueprint ? sql`where blueprint = ${input.blueprint}` : sql``} group by blueprint, scorecard, level`);
  return rows.map((row) => {
    const mine = distribution.filter((d) => d.blueprint === row.blueprint && d.scorecard === row.identifier);
    const total = mine.reduce((s, d) => s + d.n, 0);
    return {
      ...toScorecardJson(row),
      evaluatedAt: row.evaluatedAt,
      total,
      averageScore: total ? mine.reduce((s, d) => s + d.avg * d.n, 0) / total : null,
      distribution: row.levels.map((l, i) => ({ ...l, count: mine.find((d) => d.level === i)?.n ?? 0 })),
    };
  });
}

export async function getScorecard({ ctx, input }: { ctx: ServiceContext; input: { blueprint: string; identifier: string } }) {
  const [row] = await ctx.db
    .select()
    .from(scorecards)
    .where(and(eq(scorecards.blueprint, input.blueprint), eq(scorecards.identifier, input.identifier)));
  if (!row) throw notFound(`Scorecard ${input.blueprint}/${input.identifier}`);
  return row;
}

/** What saving and the what-if both check first: an admin, a well-formed definition, fields that exist. */
async function validDefinition(ctx: ServiceContext, input: { blueprint: string; scorecard: unknown }) {
  requireAdmin(ctx, "edit scorecards");
  const parsed = parseScorecard(input.scorecard, input.blueprint);
  const bp = await getBlueprint({ ctx, input: { identifier: input.blueprint } });
  assertFieldsExist(parsed, bp, await ctx.db.select().from(blueprints));
  return { parsed, bp };
}

/**
 * Creates or replaces a scorecard (admins only), evaluates it over the whole blueprint in the same
 * transaction, and snapshots the new results (a definition change is a point on the trend).
 */
export async function putScorecard({ ctx, input }: { ctx: ServiceContext; input: { blueprint: string; scorecard: unknown } }) {
  const { parsed, bp } = await validDefinition(ctx, input);
  return audited(ctx, async (tx) => {
    const [before] = await tx
      .select()
      .from(scorecards)
      .where(and(eq(scorecards.blueprint, bp.identifier), eq(scorecards.identifier, parsed.identifier)))
      .for("update");
    const by = actorLabel(ctx.actor);
    const values = {
      title: parsed.title,
      description: parsed.description ?? null,
      filter: parsed.filter ?? null,
      levels: parsed.levels,
      rules: parsed.rules,
      updatedAt: new Date(),
      updatedBy: by,
    };
    // The same definition: nothing to write, evaluate, snapshot or audit.
    if (before && unchangedRow(before, values)) return { result: { scorecard: before, created: false, unchanged: true }, audit: [] };
    const [saved] = before
      ? await tx
          .update(scorecards)
          .set(values)
          .where(and(eq(scorecards.blueprint, bp.identifier), eq(scorecards.identifier, parsed.identifier)))
          .returning()
      : await tx
          .insert(scorecards)
          .values({ ...values, blueprint: bp.identifier, identifier: parsed.identifier, createdBy: by })
          .returning();
    if (before) await realignResults(tx, bp.identifier, parsed.identifier, before.rules.map((r) => r.identifier), parsed.rules.map((r) => r.identifier));
    await evaluateScorecard(tx, definitionOf(saved!), undefined, { definitionChanged: true });
    await takeSnapshot(tx, { blueprint: bp.identifier, scorecard: parsed.identifier });
    return {
      result: { scorecard: saved!, created: !before, unchanged: false },
      audit: {
        action: before ? "scorecard.update" : "scorecard.create",
        resourceType: "scorecard",
        resourceId: `${bp.identifier}/${parsed.identifier}`,
        before: before ? toScorecardJson(before) : undefined,
        after: toScorecardJson(saved!),
      },
    };
  });
}

/** Deletes a scorecard with its results and snapshots (admins only). */
export async function deleteScorecard({ ctx, input }: { ctx: ServiceContext; input: { blueprint: string; identifier: string } }) {
  requireAdmin(ctx, "delete scorecards");
  return audited(ctx, async (tx) => {
    // Its campaigns go with it (the foreign key cascades): each is in the audit log too.
    const ended = await tx
      .select()
      .from(campaigns)
      .where(and(eq(campaigns.blueprint, input.blueprint), eq(campaigns.scorecard, input.identifier)));
    const [before] = await tx
      .delete(scorecards)
      .where(and(eq(scorecards.blueprint, input.blueprint), eq(scorecards.identifier, input.identifier)))
      .returning();
    if (!before) throw notFound(`Scorecard ${input.blueprint}/${input.identifier}`);
    await removeResults(tx, { blueprint: input.blueprint, scorecard: input.identifier });
    return {
      result: { blueprint: input.blueprint, identifier: input.identifier },
      audit: [
        { action: "scorecard.delete", resourceType: "scorecard", resourceId: `${input.blueprint}/${input.identifier}`, before: toScorecardJson(before) },
        ...ended.map((c) => ({ action: "campaign.delete", resourceType: "campaign", resourceId: c.identifier, before: toCampaignJson(c) })),
      ],
    };
  });
}

/** Drops stored results and snapshots of a scorecard, or of every scorecard of a blueprint. */
export async function removeResults(db: DbOrTx, input: { blueprint: string; scorecard?: string }) {
  const which = (t: typeof scorecardResults | typeof scorecardSnapshots | typeof scorecardTrends) =>
    input.scorecard ? and(eq(t.blueprint, input.blueprint), eq(t.scorecard, input.scorecard)) : eq(t.blueprint, input.blueprint);
  await db.delete(scorecardResults).where(which(scorecardResults));
  await db.delete(scorecardSnapshots).where(which(scorecardSnapshots));
  await db.delete(scorecardTrends).where(which(scorecardTrends));
}

/**
 * Copies current levels and scores into the snapshots: of one scorecard at this instant (a definition
 * change), or of all of them as the day's snapshot, stamped at midnight UTC, so a second run on the
 * same day (another replica, a retry) adds nothing.
 */
export async function takeSnapshot(db: DbOrTx, only?: { blueprint: string; scorecard: string }) {
  const where = only ? sql`where blueprint = ${only.blueprint} and scorecard = ${only.scorecard}` : sql``;
  const at = only ? sql`now()` : sql`date_trunc('day', now() at time zone 'UTC') at time zone 'UTC'`;
  const written = await db.execute(sql`
    insert into ${scorecardSnapshots} (taken_at, blueprint, scorecard, entity, level, score)
    select ${at}, blueprint, scorecard, entity, level, score from ${scorecardResults} ${where}
    on conflict do nothing`);
  // The trend line reads these few rows rather than every entity's snapshot.
  await db.execute(sql`
    insert into ${scorecardTrends} (taken_at, blueprint, scorecard, counts, average_score, team_counts)
    select ${at}, s.blueprint, s.identifier,
      array(select count(r.entity)::int from generate_series(0, json_array_length(s.levels) - 1) l
            left join ${scorecardResults} r on r.blueprint = s.blueprint and r.scorecard = s.identifier and r.level = l group by l order by l),
      (select avg(score) from ${scorecardResults} r where r.blueprint = s.blueprint and r.scorecard = s.identifier),
      -- {team: {level: entities}}, "" for entities without an owner.
      coalesce((select jsonb_object_agg(g.team, g.levels) from (
        select c.team, jsonb_object_agg(c.level::text, c.n) as levels from (
          select coalesce(u.team, '') as team, r.level, count(*)::int as n
          from ${scorecardResults} r left join lateral unnest(r.team) u(team) on true
          where r.blueprint = s.blueprint and r.scorecard = s.identifier group by 1, 2) c
        group by c.team) g), '{}'::jsonb)
    from ${scorecards} s ${only ? sql`where s.blueprint = ${only.blueprint} and s.identifier = ${only.scorecard}` : sql``}
    on conflict do nothing`);
  return { rows: written.count ?? 0 };
}

/** One entity's results on every scorecard of its blueprint, with each rule and what blocks the next level. */
export async function entityScorecards({ ctx, input }: { ctx: ServiceContext; input: { blueprint: string; identifier: string } }) {
  const rows = await ctx.db
    .select({ scorecard: scorecards, result: scorecardResults })
    .from(scorecards)
    .leftJoin(
      scorecardResults,
      and(eq(scorecardResults.blueprint, scorecards.blueprint), eq(scorecardResults.scorecard, scorecards.identifier), eq(scorecardResults.entity, input.identifier)),
    )
    .where(eq(scorecards.blueprint, input.blueprint))
    .orderBy(asc(scorecards.title));
  return rows.map(({ scorecard, result }) => {
    const rules = rankedRules(scorecard);
    if (!result) return { identifier: scorecard.identifier, title: scorecard.title, levels: scorecard.levels, applies: false as const };
    const passed = result.passed;
    const withStatus = rules.map((r, i) => ({
      identifier: r.identifier,
      title: r.title,
      description: r.description ?? null,
      level: r.level,
      weight: r.weight,
      passed: passed[i] ?? false,
      since: result.changedAt[i] ?? null,
    }));
    return {
      identifier: scorecard.identifier,
      title: scorecard.title,
      levels: scorecard.levels,
      applies: true as const,
      level: scorecard.levels[result.level]!,
      levelIndex: result.level,
      score: result.score,
      rules: withStatus,
      nextLevel: scorecard.levels[result.level + 1] ?? null,
      toNextLevel: nextLevelBlockers(result.level, scorecard.levels.length, rules, passed).map((r) => r.identifier),
    };
  });
}

/** What the scorecard page shows: distribution, rubric pass rates, teams × levels and the trend. */
export async function scorecardOverview({ ctx, input }: { ctx: ServiceContext; input: { blueprint: string; identifier: string } }) {
  const row = await getScorecard({ ctx, input });
  const key = sql`r.blueprint = ${row.blueprint} and r.scorecard = ${row.identifier}`;
  // One scan of the results, grouped by level, owner set and which rules pass (a few hundred groups);
  // the rest is summed here. Grouping by the passed array costs less than five filtered counts of
  // array elements per row (48 against 58 ms for 100,000 results).
  const [groups, trend] = await Promise.all([
    ctx.db.execute<{ level: number; team: string[]; passed: boolean[]; n: number; scoreSum: number }>(
      sql`select r.level, r.team, r.passed, count(*)::int as n, sum(r.score)::float8 as "scoreSum"
          from ${scorecardResults} r where ${key} group by r.level, r.team, r.passed`,
    ),
    ctx.db.execute<{ at: string; counts: number[]; average: number | null }>(
      sql`select t.taken_at::text as at, t.counts, t.average_score::float8 as average from ${scorecardTrends} t
          where t.blueprint = ${row.blueprint} and t.scorecard = ${row.identifier} and t.taken_at > now() - interval '90 days' order by t.taken_at`,
    ),
  ]);
  const levelCounts = row.levels.map(() => 0);
  const passing = row.rules.map(() => 0);
  const byTeam = new Map<string | null, number[]>();
  let total = 0;
  let scoreSum = 0;
  for (const g of groups) {
    total += g.n;
    scoreSum += g.scoreSum;
    levelCounts[g.level] = (levelCounts[g.level] ?? 0) + g.n;
    g.passed.forEach((ok, i) => {
      if (ok && i < passing.length) passing[i] = (passing[i] ?? 0) + g.n;
    });
    for (const team of g.team.length ? g.team : [null]) {
      const counts = byTeam.get(team) ?? row.levels.map(() => 0);
      counts[g.level] = (counts[g.level] ?? 0) + g.n;
      byTeam.set(team, counts);
    }
  }
  return {
    scorecard: { ...toScorecardJson(row), evaluatedAt: row.evaluatedAt },
    total,
    averageScore: total ? scoreSum / total : null,
    distribution: row.levels.map((l, i) => ({ ...l, count: levelCounts[i] ?? 0 })),
    rules: rankedRules(row).map((r, i) => ({ identifier: r.identifier, title: r.title, level: r.level, weight: r.weight, passing: passing[i] ?? 0, total })),
    teams: [...byTeam.entries()].map(([team, counts]) => ({ team, counts })).sort((a, b) => (a.team ?? "~").localeCompare(b.team ?? "~")),
    // Levels added since a snapshot count as 0 there.
    trend: trend.map((t) => ({ at: t.at, counts: row.levels.map((_, i) => t.counts[i] ?? 0), averageScore: t.average })),
  };
}

/** Scored entities of a scorecard, filterable by level and by a failing rule, keyset-paged by identifier. */
export async function scorecardEntities({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { blueprint: string; identifier: string; level?: number; failing?: string; cursor?: string | null; limit?: number };
}) {
  const row = await getScorecard({ ctx, input });
  const limit = Math.min(input.limit ?? 50, 200);
  const ruleIndex = input.failing ? row.rules.findIndex((r) => r.identifier === input.failing) + 1 : 0;
  const items = await ctx.db.execute<{ identifier: string; title: string | null; team: string[]; level: number; score: number }>(sql`
    select r.entity as identifier, e.title, e.team, r.level, r.score from ${scorecardResults} r
    join ${entities} e on e.blueprint = r.blueprint and e.identifier = r.entity
    where r.blueprint = ${row.blueprint} and r.scorecard = ${row.identifier}
      ${input.level === undefined ? sql`` : sql`and r.level = ${input.level}`}
      ${input.failing ? (ruleIndex > 0 ? sql`and not r.passed[${ruleIndex}]` : sql`and false`) : sql``}
      ${input.cursor ? sql`and r.entity > ${input.cursor}` : sql``}
    order by r.entity limit ${limit + 1}`);
  return { items: items.slice(0, limit), nextCursor: items.length > limit ? items[limit - 1]!.identifier : null };
}

/**
 * What-if: how a draft (not saved) would score the blueprint's entities, against the stored results:
 * the distribution before and after, and which entities would move down or up a level. Nothing is
 * written. Invalid drafts get the same field-level errors as saving.
 */
export async function previewScorecard({ ctx, input }: { ctx: ServiceContext; input: { blueprint: string; scorecard: unknown } }) {
  const { parsed, bp } = await validDefinition(ctx, input);
  const [current] = await ctx.db
    .select()
    .from(scorecards)
    .where(and(eq(scorecards.blueprint, bp.identifier), eq(scorecards.identifier, parsed.identifier)));
  const draft: ScorecardDefinition = { ...parsed, blueprint: bp.identifier };
  const rows = await ctx.db.execute<{ entity: string; title: string | null; before: number | null; after: number | null }>(sql`
    select coalesce(d.entity, r.entity) as entity, e.title, r.level as before, d.level as after
    from (${scoredSelect(draft, sql`true`, await relationTargets(ctx.db))}) d
    full join (select entity, level from ${scorecardResults} where blueprint = ${bp.identifier} and scorecard = ${parsed.identifier}) r on r.entity = d.entity
    left join ${entities} e on e.blueprint = ${bp.identifier} and e.identifier = coalesce(d.entity, r.entity)
    order by coalesce(d.entity, r.entity)`);
  const beforeLevels = current?.levels ?? [];
  const count = (levels: { title: string; color: string }[], key: "before" | "after") =>
    levels.map((l, i) => ({ ...l, count: rows.filter((r) => r[key] === i).length }));
  const moved = (dir: 1 | -1) =>
    rows
      .filter((r) => r.before !== null && r.after !== null && Math.sign(r.after - r.before) === dir)
      .map((r) => ({ entity: r.entity, title: r.title, from: beforeLevels[r.before!]?.title ?? String(r.before), to: parsed.levels[r.after!]!.title }));
  const up = moved(1);
  const down = moved(-1);
  return {
    exists: Boolean(current),
    before: count(beforeLevels, "before"),
    after: count(parsed.levels, "after"),
    up: up.slice(0, 100),
    down: down.slice(0, 100),
    counts: {
      up: up.length,
      down: down.length,
      added: rows.filter((r) => r.before === null && r.after !== null).length,
      removed: rows.filter((r) => r.after === null && r.before !== null).length,
    },
  };
}

/** Entities listed per scorecard on a team's page, worst level first; the counts cover all of them. */
export const TEAM_SCORECARD_LIST = 50;

/** A team's entities (with those of the teams below it) by level across scorecards: exact counts per level and the first entities of each. */
export async function teamScorecards({ ctx, input }: { ctx: ServiceContext; input: { team: string } }) {
  const subtree = await teamSubtree(ctx, input.team);
  const owned = sql`${scorecardResults} r join ${entities} e on e.blueprint = r.blueprint and e.identifier = r.entity where e.team && array[${sql.join(subtree.map((t) => sql`${t}`), sql`, `)}]::text[]`;
  const [counts, rows, defs] = await Promise.all([
    ctx.db.execute<{ blueprint: string; scorecard: string; level: number; n: number }>(sql`
      select r.blueprint, r.scorecard, r.level, count(*)::int as n from ${owned} group by r.blueprint, r.scorecard, r.level`),
    ctx.db.execute<{ blueprint: string; scorecard: string; entity: string; title: string | null; level: number; score: number; passed: boolean[] }>(sql`
      select blueprint, scorecard, entity, title, level, score, passed from (
        select r.blueprint, r.scorecard, r.entity, e.title, r.level, r.score, r.passed,
          row_number() over (partition by r.blueprint, r.scorecard order by r.level, r.entity) as position
        from ${owned}) ranked
      where position <= ${TEAM_SCORECARD_LIST}
      order by blueprint, scorecard, level, entity`),
    ctx.db.select().from(scorecards).orderBy(asc(scorecards.blueprint), asc(scorecards.title)),
  ]);
  const mine = (sc: { blueprint: string; identifier: string }) => <T extends { blueprint: string; scorecard: string }>(r: T) => r.blueprint === sc.blueprint && r.scorecard === sc.identifier;
  return defs
    .map((sc) => {
      const levelCounts = counts.filter(mine(sc));
      const distribution = sc.levels.map((l, i) => ({ ...l, count: levelCounts.find((c) => c.level === i)?.n ?? 0 }));
      return {
        blueprint: sc.blueprint,
        identifier: sc.identifier,
        title: sc.title,
        distribution,
        total: distribution.reduce((sum, l) => sum + l.count, 0),
        // What to fix: per entity, the failing rules that hold it below the next level, and that level.
        entities: rows.filter(mine(sc)).map((r) => {
          const next = sc.levels[r.level + 1];
          const blockers = next ? nextLevelBlockers(r.level, sc.levels.length, rankedRules(sc), r.passed).map((rule) => rule.title ?? rule.identifier) : [];
          return { identifier: r.entity, title: r.title, level: sc.levels[r.level]!, score: r.score, toNextLevel: next ? { level: next, rules: blockers } : null };
        }),
      };
    })
    .filter((sc) => sc.total > 0);
}
