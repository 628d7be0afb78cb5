import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { entities, scorecardResults, scorecards } from "@/db/schema";
import { relationTargets, type RelationTargets } from "../catalog/service";
import { walkQuery, type RelatedRule } from "../catalog/query";
import type { EvaluatedEntity } from "../catalog/query-eval";
import { definitionOf, type ScorecardDefinition } from "./definition";
import { evaluateEntityInMemory, evaluateScorecard } from "./evaluate";
import { roundScore } from "./levels";

/**
 * Re-scoring entities in the transaction that writes them, so results are never behind the catalog.
 * A write does it in two steps around its statement: `prepareRescore` before it reads what scoring needs
 * and the write does not change (the scorecards, where relations point, the entities' stored results);
 * `afterWrite` scores the entities as written, in memory, while PostgreSQL is still storing them, and
 * sends the results behind the write (statements on one connection run in the order they were sent).
 */
export type Rescore = { afterWrite: (written?: EvaluatedEntity[]) => Promise<void> };

type ScorecardRow = typeof scorecards.$inferSelect;
type StoredResult = typeof scorecardResults.$inferSelect;

/**
 * Re-scores the given entities of a blueprint on every scorecard of that blueprint, in the caller's
 * transaction, after they were written. A writer that holds the entities as it just wrote them passes
 * them (`written`).
 */
export async function rescoreEntities(db: DbOrTx, blueprint: string, identifiers: string[], written?: EvaluatedEntity[]) {
  const rescore = await prepareRescore(db, blueprint, identifiers, { inMemory: written !== undefined });
  await rescore?.afterWrite(written);
}

/**
 * The first step (see `Rescore`), before the write; nothing to do (no scorecard anywhere) answers
 * undefined. `inMemory`: the writer will pass the entities as written to `afterWrite`.
 */
export async function prepareRescore(db: DbOrTx, blueprint: string, identifiers: string[], { inMemory }: { inMemory: boolean }): Promise<Rescore | undefined> {
  if (!identifiers.length) return undefined;
  const [all, targets] = await Promise.all([db.select().from(scorecards), relationTargets(db)]);
  if (!all.length) return undefined;
  const own = all.filter((r) => r.blueprint === blueprint);
  // Rules about the entity itself are evaluated in memory, which the property test holds equal to the
  // SQL evaluation, and every scorecard's results are written in one statement: for a bulk write
  // whose entities the writer holds, this moves the rules' work out of PostgreSQL (a statement per
  // scorecard, on the one core a transaction has: 2.4 s of a 50,000-entity import's statements, 1.4 s
  // in memory). Rules about related entities need the catalog: in SQL, a statement per scorecard; so
  // are large writes whose entities would have to be read back.
  const inSql = !inMemory && identifiers.length > IN_MEMORY_LIMIT ? own : own.filter((r) => hasRelatedRules(definitionOf(r)));
  const scored = own.filter((r) => !inSql.includes(r));
  const ids = sql`any(${sql.param(identifiers)}::text[])`;
  const stored: StoredResult[] = scored.length
    ? await db
        .select()
        .from(scorecardResults)
        // The primary key's order (blueprint, scorecard, entity), so an index scan finds them.
        .where(
          and(
            eq(scorecardResults.blueprint, blueprint),
            sql`${scorecardResults.scorecard} = any(${sql.param(scored.map((r) => r.identifier))}::text[])`,
            sql`${scorecardResults.entity} = ${ids}`,
          ),
        )
    : [];
  const afterWrite = async (written?: EvaluatedEntity[]) => {
    // Scored at once, before anything is awaited: for a writer that passes its entities, while its write still runs.
    const inMemory = written ? writeResults(db, blueprint, scoreInMemory(scored, written, stored)) : undefined;
    const related = (async () => {
      await rescoreDependents(db, all, blueprint, identifiers, targets);
      for (const row of inSql) await evaluateScorecard(db, definitionOf(row), identifiers, { targets });
    })();
    await Promise.all([inMemory, related]);
    if (written || !scored.length) return;
    const current = await db.select().from(entities).where(and(eq(entities.blueprint, blueprint), sql`${entities.identifier} = ${ids}`));
    await writeResults(db, blueprint, scoreInMemory(scored, current, stored));
  };
  return { afterWrite };
}

type ResultChanges = { upserts: object[]; removals: { scorecard: string; entity: string }[] };

/** The results of `scored` for these entities that differ from the `stored` ones (`changedAt` kept per rule that did not change). */
function scoreInMemory(scored: ScorecardRow[], current: EvaluatedEntity[], stored: StoredResult[]): ResultChanges {
  const key = (scorecard: string, entity: string) => `${scorecard}\u0000${entity}`;
  const previous = new Map(stored.map((r) => [key(r.scorecard, r.entity), r]));
  const now = new Date().toISOString();
  const upserts: object[] = [];
  const removals: { scorecard: string; entity: string }[] = [];
  for (const row of scored) {
    const sc = definitionOf(row);
    for (const entity of current) {
      const result = evaluateEntityInMemory(sc, entity);
      const before = previous.get(key(sc.identifier, entity.identifier));
      previous.delete(key(sc.identifier, entity.identifier));
      if (!result) {
        if (before) removals.push({ scorecard: sc.identifier, entity: entity.identifier });
        continue;
      }
      const score = roundScore(result.score);
      const unchanged =
        before &&
        before.level === result.level &&
        Math.abs(before.score - score) < 0.005 &&
        JSON.stringify(before.passed) === JSON.stringify(result.passed) &&
        JSON.stringify(before.team) === JSON.stringify(entity.team);
      if (unchanged) continue;
      const changedAt = result.passed.map((p, i) => (before && before.passed[i] === p && before.changedAt[i] ? before.changedAt[i]!.toISOString() : now));
      upserts.push({ scorecard: sc.identifier, entity: entity.identifier, team: arrayLiteral(entity.team), level: result.level, score, passed: `{${result.passed.map((p) => (p ? "t" : "f")).join(",")}}`, changed_at: arrayLiteral(changedAt) });
    }
  }
  // Results left over belong to entities that are gone (deleted in this transaction).
  for (const r of previous.values()) removals.push({ scorecard: r.scorecard, entity: r.entity });
  return { upserts, removals };
}

async function writeResults(db: DbOrTx, blueprint: string, { upserts, removals }: ResultChanges) {
  if (upserts.length) {
    // Arrays as PostgreSQL array literals, cast once per row (a subquery per array cost a bulk write's
    // results more than their insert).
    await db.execute(sql`
      insert into ${scorecardResults} (blueprint, scorecard, entity, team, level, score, passed, changed_at)
      select ${blueprint}, u.scorecard, u.entity, u.team::text[], u.level, u.score, u.passed::boolean[], u.changed_at::timestamptz[]
      from jsonb_to_recordset(${JSON.stringify(upserts)}::jsonb) as u(scorecard text, entity text, team text, level smallint, score real, passed text, changed_at text)
      on conflict (blueprint, scorecard, entity) do update set
        team = excluded.team, level = excluded.level, score = excluded.score, passed = excluded.passed, changed_at = excluded.changed_at`);
  }
  if (removals.length) {
    await db.execute(sql`
      delete from ${scorecardResults} r using jsonb_to_recordset(${JSON.stringify(removals)}::jsonb) as d(scorecard text, entity text)
      where r.blueprint = ${blueprint} and r.scorecard = d.scorecard and r.entity = d.entity`);
  }
}

/** A PostgreSQL array literal of strings: each element quoted, `"` and `\\` escaped. */
const arrayLiteral = (values: string[]) => `{${values.map((v) => `"${v.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;

/** The related rules at the top of a scorecard's filter and rule queries. */
function relatedRules(sc: ScorecardDefinition): RelatedRule[] {
  const found: RelatedRule[] = [];
  for (const q of [...(sc.filter ? [sc.filter] : []), ...sc.rules.map((r) => r.query)]) walkQuery(q, "", () => {}, (rule) => found.push(rule));
  return found;
}

/** Whether a scorecard's rules or filter look at related entities. */
const hasRelatedRules = (sc: ScorecardDefinition) => relatedRules(sc).length > 0;

/** The relations (or `$team`) through which a scorecard's rules look at entities of `blueprint`. */
function relationsInto(sc: ScorecardDefinition, blueprint: string, targets: RelationTargets): string[] {
  const into = relatedRules(sc).filter((rule) => (rule.related === "$team" ? blueprint === "team" : targets[sc.blueprint]?.[rule.related] === blueprint));
  return [...new Set(into.map((rule) => rule.related))];
}

/**
 * When entities change, entities of other blueprints whose scorecards look at them through a relation
 * (or at their team entity) are re-scored too: a service whose rule asks that its owning team has an
 * on-call rota moves when the team's entity changes.
 */
async function rescoreDependents(db: DbOrTx, all: ScorecardRow[], blueprint: string, identifiers: string[], targets: RelationTargets) {
  const withRelated = all.map(definitionOf).filter(hasRelatedRules);
  if (!withRelated.length) return;
  for (const sc of withRelated) {
    const through = relationsInto(sc, blueprint, targets);
    if (!through.length) continue;
    const pointing = through.map((rel) =>
      rel === "$team"
        ? sql`${entities.team} && ${sql.param(identifiers)}::text[]`
        : identifiers.length <= IN_MEMORY_LIMIT
          ? // Containment, so the GIN index on relations finds them.
            sql`(${sql.join(
              identifiers.flatMap((id) => [sql`${entities.relations} @> ${JSON.stringify({ [rel]: id })}::jsonb`, sql`${entities.relations} @> ${JSON.stringify({ [rel]: [id] })}::jsonb`]),
              sql` or `,
            )})`
          : sql`exists (select 1 from jsonb_array_elements_text(case jsonb_typeof(${entities.relations} -> ${rel}) when 'array' then ${entities.relations} -> ${rel}
            when 'string' then jsonb_build_array(${entities.relations} -> ${rel}) else '[]'::jsonb end) t(id) where t.id = any(${sql.param(identifiers)}::text[]))`,
    );
    const affected = await db
      .select({ identifier: entities.identifier })
      .from(entities)
      .where(and(eq(entities.blueprint, sc.blueprint), sql`(${sql.join(pointing, sql` or `)})`));
    if (affected.length) await evaluateScorecard(db, sc, affected.map((a) => a.identifier), { targets });
  }
}

/** Up to this many written entities are re-scored in memory; more, in SQL. */
const IN_MEMORY_LIMIT = 50;

/** Re-evaluates every scorecard in full (after a restore, or from the admin UI). */
export async function evaluateAllScorecards(db: DbOrTx) {
  const targets = await relationTargets(db);
  for (const row of await db.select().from(scorecards)) await evaluateScorecard(db, definitionOf(row), undefined, { targets });
}

