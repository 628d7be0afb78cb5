import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { sendAhead, type DbOrTx, type Tx } from "@/db/client";
import { blueprints, entities, teams } from "@/db/schema";
import { audited, prepareAudit, type AuditEntry } from "../audit/audited";
import { actorLabel, actorTeams, isAdmin, type Actor, type ServiceContext } from "../context";
import { conflict, forbidden, invalid, notFound, parseInput, toDomainError, zodDetails, type ErrorDetail } from "../errors";
import { identifierSchema } from "../identity/teams";
import { sameJson } from "../json-equality";
import { prepareRescore, rescoreEntities } from "../scorecards/rescore";
import { getBlueprint } from "./service";
import { analyzeGrownTables } from "./statistics";
import { relationTargets, validateProperties, validateRelationShapes } from "./validation";
import { withoutComputed } from "./computed";

export const MAX_BULK = 1000;
/**
 * Entities per step of an import (Backstage, Port), beyond the API's bulk limit: a step's fixed costs (a
 * dozen round trips, each a moment PostgreSQL waits for Node) are paid once per step, and a 50,000-entity
 * import took about a tenth less time in steps of 5,000 than of 1,000.
 */
export const IMPORT_STEP = 5000;

export const entityInputSchema = z.object({
  identifier: identifierSchema,
  title: z.string().max(500).nullish(),
  team: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((t) => (t === undefined ? undefined : Array.isArray(t) ? [...new Set(t)] : [t])),
  properties: z.record(z.string(), z.unknown()).default({}),
  relations: z.record(z.string(), z.unknown()).default({}),
}).meta({
  examples: [{ identifier: "payments-api", title: "Payments API", team: ["payments"], properties: { language: "go", lifecycle: "production" }, relations: { system: "checkout", dependsOn: ["ledger"] } }],
});
export type EntityInput = z.input<typeof entityInputSchema>;

/** The read-side columns (everything but the search vector). */
export const entityColumns = {
  blueprint: entities.blueprint,
  identifier: entities.identifier,
  title: entities.title,
  team: entities.team,
  properties: entities.properties,
  relations: entities.relations,
  validationErrors: entities.validationErrors,
  createdAt: entities.createdAt,
  createdBy: entities.createdBy,
  updatedAt: entities.updatedAt,
  updatedBy: entities.updatedBy,
};
export type EntityRow = { [K in keyof typeof entityColumns]: (typeof entities.$inferSelect)[K] };

/** PRODUCT.md's Entity JSON. */
export function toEntityJson(row: EntityRow) {
  return {
    identifier: row.identifier,
    title: row.title,
    blueprint: row.blueprint,
    team: row.team,
    properties: row.properties,
    relations: row.relations,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
    ...(row.validationErrors ? { validationErrors: row.validationErrors } : {}),
  };
}
export type EntityJson = ReturnType<typeof toEntityJson>;

const snapshot = (e: { title: string | null; team: string[]; properties: unknown; relations: unknown }) => ({
  title: e.title,
  team: e.team,
  properties: e.properties,
  relations: e.relations,
});

/**
 * Whether writing `next` over `before` would change nothing: the same title, owners (in any order),
 * properties and relations, and no validation errors for the write to clear.
 */
function sameEntity(before: EntityRow | undefined, next: { title: string | null; team: string[]; properties: unknown; relations: unknown }): boolean {
  if (!before || before.validationErrors) return false;
  return (
    before.title === next.title &&
    sameJson([...before.team].sort(), [...next.team].sort()) &&
    sameJson(before.properties, next.properties) &&
    sameJson(before.relations, next.relations)
  );
}

/** Members write entities owned by one of their teams (before and after the change); admins write any. */
function assertCanWrite(actor: Actor, before: string[] | null, after: string[] | null) {
  if (isAdmin(actor)) return;
  const mine = actorTeams(actor);
  const owns = (owners: string[]) => owners.some((t) => mine.includes(t));
  if (before && !owns(before)) throw forbidden("This entity belongs to a team you are not in");
  if (after && !owns(after)) {
    throw forbidden(mine.length ? `Owners must include one of your teams (${mine.join(", ")})` : "You are in no team, so you cannot own entities");
  }
}

type Prepared = { identifier: string; title: string | null; team: string[]; properties: Record<string, unknown>; relations: Record<string, string | string[] | null> };

/**
 * Validates entities of one blueprint (properties with ajv, relation shapes, relation targets,
 * owning teams) and returns them ready to write, or throws a 400 listing every problem with a
 * JSON pointer (prefixed with the item's index in a bulk call).
 */
async function prepareEntities(
  db: DbOrTx,
  bp: typeof blueprints.$inferSelect,
  inputs: unknown[],
  options: { bulk: boolean; defaultTeams?: (input: { identifier: string }) => string[] | undefined },
): Promise<Prepared[]> {
  const errors: ErrorDetail[] = [];
  const prefix = (i: number) => (options.bulk ? `/${i}` : "");
  const prepared: Prepared[] = [];
  inputs.forEach((raw, i) => {
    const parsed = entityInputSchema.safeParse(raw);
    if (!parsed.success) {
      errors.push(...zodDetails(parsed.error, prefix(i)));
      return;
    }
    const e = { ...parsed.data, properties: withoutComputed(bp, parsed.data.properties) };
    errors.push(...validateProperties(bp.schema, e.properties).map((d) => ({ ...d, path: prefix(i) + d.path })));
    errors.push(...validateRelationShapes(bp.relations, e.relations).map((d) => ({ ...d, path: prefix(i) + d.path })));
    prepared.push({
      identifier: e.identifier,
      title: e.title ?? null,
      team: e.team ?? options.defaultTeams?.(e) ?? [],
      properties: e.properties,
      relations: e.relations as Prepared["relations"],
    });
  });
  if (options.bulk) {
    const seen = new Set<string>();
    prepared.forEach((p, i) => {
      if (seen.has(p.identifier)) errors.push({ path: `/${i}/identifier`, message: `${p.identifier} appears twice in this request` });
      seen.add(p.identifier);
    });
  }

  // Relation targets must exist (or be created in this same request).
  const targets = prepared.flatMap((p, i) => relationTargets(bp.relations, p.relations).map((t) => ({ ...t, index: i })));
  if (targets.length) {
    // Per target blueprint, one array parameter: an index scan of the primary key for each (a join with an
    // unnested list of pairs was planned as a nested loop and cost a 50,000-entity import two seconds).
    const byBlueprint = new Map<string, Set<string>>();
    for (const t of targets) byBlueprint.set(t.blueprint, (byBlueprint.get(t.blueprint) ?? new Set()).add(t.identifier));
    const exists = new Set<string>();
    for (const [target, ids] of byBlueprint) {
      const found = await db
        .select({ identifier: entities.identifier })
        .from(entities)
        .where(and(eq(entities.blueprint, target), sql`${entities.identifier} = any(${sql.param([...ids])}::text[])`));
      for (const f of found) exists.add(`${target}\u0000${f.identifier}`);
    }
    for (const p of prepared) exists.add(`${bp.identifier}\u0000${p.identifier}`);
    for (const t of targets) {
      if (!exists.has(`${t.blueprint}\u0000${t.identifier}`)) {
        errors.push({ path: `${prefix(t.index)}/relations/${t.relation}`, message: `${t.blueprint} ${t.identifier} does not exist` });
      }
    }
  }

  const teamIds = [...new Set(prepared.flatMap((p) => p.team))];
  if (teamIds.length) {
    const known = new Set((await db.select({ id: teams.id }).from(teams).where(inArray(teams.id, teamIds))).map((t) => t.id));
    prepared.forEach((p, i) => {
      for (const t of p.team) if (!known.has(t)) errors.push({ path: `${prefix(i)}/team`, message: `team ${t} does not exist` });
    });
  }

  if (errors.length) throw invalid(options.bulk ? "Some entities are invalid; none were written" : "The entity is invalid", errors);
  return prepared;
}

export async function getEntity({ ctx, input }: { ctx: ServiceContext; input: { blueprint: string; identifier: string } }) {
  const [row] = await ctx.db
    .select(entityColumns)
    .from(entities)
    .where(and(eq(entities.blueprint, input.blueprint), eq(entities.identifier, input.identifier)));
  if (!row) throw notFound(`Entity ${input.blueprint}/${input.identifier}`);
  return row;
}

/**
 * Creates or replaces entities of one blueprint (PUT, POST and bulk upsert all land here).
 * `mode: "create"` refuses existing identifiers with 409.
 */
export async function upsertEntities({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: WriteInput;
}): Promise<WriteResult[]> {
  const limit = input.importStep ? IMPORT_STEP : MAX_BULK;
  if (input.entities.length > limit) throw invalid(`At most ${limit} entities per request`);
  if (input.entities.length === 0) return [];
  const result = await audited(ctx, async (tx) => {
    // A writer that finds an entity created meanwhile by another (it was not there to lock) goes
    // again from a savepoint, this time locking and checking that entity like any other.
    for (let attempt = 1; ; attempt++) {
      try {
        return await tx.transaction((savepoint) => writeEntities(ctx, savepoint, input));
      } catch (error) {
        if (!(error instanceof CreatedMeanwhile) || attempt >= 3) throw error instanceof CreatedMeanwhile ? conflict(error.message) : error;
      }
    }
  });
  if (input.bulk && input.entities.length >= 100) await analyzeGrownTables(ctx.db);
  return result;
}

/** Another writer created one of these entities after this one looked: the write goes again. */
class CreatedMeanwhile extends Error {}

type WriteInput = {
  blueprint: string;
  entities: unknown[];
  mode: "create" | "upsert";
  bulk: boolean;
  /** Port's `create_missing_related_entities`: a relation to an entity that does not exist creates it (identifier only). */
  createMissingRelated?: boolean;
  /** A step of an import: up to `IMPORT_STEP` entities rather than `MAX_BULK`. */
  importStep?: boolean;
};

/** One entity of a write: as stored after it, whether it was new, and whether the write changed nothing. */
export type WriteResult = { entity: EntityRow; created: boolean; unchanged: boolean };

/**
 * The write inside a use case's transaction: locks the entities it replaces, validates, checks the
 * actor may write each one, writes those that change (an identical one is left alone), re-scores them,
 * and returns the audit records for the caller's transaction to write. Never opens a transaction of its
 * own.
 */
export async function writeEntities(ctx: ServiceContext, tx: Tx, input: WriteInput): Promise<{ result: WriteResult[]; audit: AuditEntry[] }> {
  const bp = await getBlueprint({ ctx: { ...ctx, db: tx }, input: { identifier: input.blueprint } });
  const related = input.createMissingRelated ? await createMissingRelated(ctx, tx, bp, input) : [];
  const ids = input.entities.map((e) => (e as { identifier?: unknown })?.identifier).filter((id): id is string => typeof id === "string");
  const existing = new Map(
    (
      await tx
        .select(entityColumns)
        .from(entities)
        // One array parameter: drizzle builds and PostgreSQL plans 1,000 separate ones slowly.
        .where(and(eq(entities.blueprint, bp.identifier), sql`${entities.identifier} = any(${sql.param(ids)}::text[])`))
        // One order for every writer, so that two bulk writes of overlapping entities never deadlock.
        .orderBy(entities.identifier)
        .for("update")
    ).map((e) => [e.identifier, e]),
  );
  const mine = actorTeams(ctx.actor);
  const prepared = await prepareEntities(tx, bp, input.entities, {
    bulk: input.bulk,
    // A member's new entity without owners is owned by their teams; a replaced one keeps its owners.
    defaultTeams: (e) => existing.get(e.identifier)?.team ?? (isAdmin(ctx.actor) ? undefined : mine),
  });
  for (const p of prepared) {
    const before = existing.get(p.identifier);
    if (before && input.mode === "create") throw conflict(`${bp.identifier} ${p.identifier} already exists`);
    assertCanWrite(ctx.actor, before?.team ?? null, p.team);
  }
  // An entity written exactly as it is stored is left alone: no write, no new updatedAt, no re-score,
  // no audit event; it is reported as unchanged.
  const changed = prepared.filter((p) => !sameEntity(existing.get(p.identifier), p));
  const by = actorLabel(ctx.actor);
  const at = new Date().toISOString();
  const changedIds = new Set(changed.map((p) => p.identifier));
  // As they will be stored: an existing entity keeps its creation stamps, a new one gets this write's.
  const result: WriteResult[] = prepared.map((p) => {
    const before = existing.get(p.identifier);
    if (!changedIds.has(p.identifier)) return { entity: before!, created: false, unchanged: true };
    const entity: EntityRow = {
      blueprint: bp.identifier,
      identifier: p.identifier,
      title: p.title,
      team: p.team,
      properties: p.properties,
      relations: p.relations,
      validationErrors: null,
      createdAt: before?.createdAt ?? new Date(at),
      createdBy: before?.createdBy ?? by,
      updatedAt: new Date(at),
      updatedBy: by,
    };
    return { entity, created: !before, unchanged: false };
  });
  if (!changed.length) return { result, audit: related };
  const rows = result.filter((r) => !r.unchanged).map((r) => r.entity);
  const rescore = await prepareRescore(tx, bp.identifier, [...changedIds], { inMemory: true });
  // One JSON parameter for the whole batch: building a 10,000-parameter statement costs more than the insert.
  const payload = JSON.stringify(changed.map((p) => ({ ...p, blueprint: bp.identifier })).sort((a, b) => (a.identifier < b.identifier ? -1 : a.identifier > b.identifier ? 1 : 0)));
  const locked = [...existing.keys()];
  // Only the identifiers come back, to count: the rest is what was sent (returning every entity's JSON to
  // parse it again cost a bulk write a tenth of its time).
  const writing = await sendAhead(
    tx.execute<{ identifier: string }>(sql`
      insert into ${entities} (blueprint, identifier, title, team, properties, relations, created_by, updated_by, created_at, updated_at)
      select r.blueprint, r.identifier, r.title, array(select jsonb_array_elements_text(r.team)), r.properties, r.relations,
             ${by}, ${by}, ${at}::timestamptz, ${at}::timestamptz
      from jsonb_to_recordset(${payload}::jsonb) as r(blueprint text, identifier text, title text, team jsonb, properties jsonb, relations jsonb)
      on conflict (blueprint, identifier) do update set
        title = excluded.title, team = excluded.team, properties = excluded.properties, relations = excluded.relations,
        validation_errors = null, updated_at = excluded.updated_at, updated_by = excluded.updated_by
      -- Only rows this writer locked and checked above; one created since then is not overwritten unseen.
      where ${entities.identifier} = any(${sql.param(locked)}::text[])
      returning identifier`),
  );
  // While PostgreSQL stores them: their scores (in memory, from the rows as written, sent behind the
  // insert) and their audit events' rows.
  const rescoring = rescore?.afterWrite(rows);
  const audit = prepareAudit(
    ctx,
    rows.map((row) => {
      const before = existing.get(row.identifier);
      return {
        action: before ? "entity.update" : "entity.create",
        resourceType: "entity",
        resourceId: `${row.blueprint}/${row.identifier}`,
        before: before ? snapshot(before) : undefined,
        after: snapshot(row),
      };
    }),
  );
  // Both settled before anything is thrown: nothing of this write is still running when its savepoint is rolled back.
  const [written, scored] = await Promise.allSettled([writing.result, rescoring]);
  if (written.status === "rejected") throw written.reason;
  if (scored.status === "rejected") throw scored.reason;
  if (written.value.length < changed.length) throw new CreatedMeanwhile(`Some of these ${bp.identifier} entities were created by another request meanwhile; try again`);
  return { result, audit: [...related, ...audit] };
}

/**
 * Port's `create_missing_related_entities`: every relation target these entities name that does not exist (and
 * is not written by this same request) is created first, with its identifier only, as the same actor (so with
 * the same permission checks and audit events). A target blueprint whose required properties an identifier
 * cannot satisfy refuses it, and the whole write is refused with the relation's path.
 */
async function createMissingRelated(ctx: ServiceContext, tx: Tx, bp: typeof blueprints.$inferSelect, input: WriteInput): Promise<AuditEntry[]> {
  const own = new Set(input.entities.map((e) => (e as { identifier?: unknown })?.identifier));
  const missing = new Map<string, { index: number; relation: string; identifiers: Set<string> }>();
  input.entities.forEach((raw, index) => {
    const relations = (raw as { relations?: unknown })?.relations;
    if (!relations || typeof relations !== "object") return;
    for (const t of relationTargets(bp.relations, relations as Record<string, unknown>)) {
      if (t.blueprint === bp.identifier && own.has(t.identifier)) continue;
      const group = missing.get(t.blueprint) ?? { index, relation: t.relation, identifiers: new Set<string>() };
      group.identifiers.add(t.identifier);
      missing.set(t.blueprint, group);
    }
  });
  const audit: AuditEntry[] = [];
  for (const [target, group] of missing) {
    const ids = [...group.identifiers];
    const found = new Set(
      (await tx.select({ id: entities.identifier }).from(entities).where(and(eq(entities.blueprint, target), sql`${entities.identifier} = any(${sql.param(ids)}::text[])`))).map((r) => r.id),
    );
    const create = ids.filter((id) => !found.has(id));
    for (let i = 0; i < create.length; i += MAX_BULK) {
      try {
        const written = await writeEntities(ctx, tx, { blueprint: target, entities: create.slice(i, i + MAX_BULK).map((identifier) => ({ identifier })), mode: "upsert", bulk: true });
        audit.push(...written.audit);
      } catch (error) {
        const domain = toDomainError(error);
        if (!domain || domain.code !== "VALIDATION") throw error;
        const at = `${input.bulk ? `/${group.index}` : ""}/relations/${group.relation}`;
        throw invalid(`The missing related ${target} entities could not be created`, [{ path: at, message: `creating the missing ${target} entities: ${domain.details?.map((d) => `${d.path} ${d.message}`).join("; ") ?? domain.message}` }]);
      }
    }
  }
  return audit;
}

export const entityPatchSchema = z.object({
  title: z.string().max(500).nullish(),
  team: z.union([z.string(), z.array(z.string())]).optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
  relations: z.record(z.string(), z.unknown()).optional(),
}).meta({ examples: [{ properties: { lifecycle: "deprecated", url: null }, relations: { dependsOn: ["ledger"] } }] });

/** PATCH: `properties` and `relations` merge key by key (a null value removes the key); the rest replaces. */
export async function patchEntity({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { blueprint: string; identifier: string; patch: unknown };
}) {
  const patch = parseInput(entityPatchSchema, input.patch, "Invalid patch");
  const merge = (base: Record<string, unknown>, changes?: Record<string, unknown>) =>
    Object.fromEntries(Object.entries({ ...base, ...changes }).filter(([, v]) => v !== null));
  // Read under a row lock in the transaction that writes: concurrent patches of one entity merge
  // one after the other, and none is lost.
  return audited(ctx, async (tx) => {
    const current = await lockEntity(tx, input);
    const merged = {
      identifier: current.identifier,
      title: patch.title === undefined ? current.title : patch.title,
      team: patch.team ?? current.team,
      properties: merge(current.properties, patch.properties),
      relations: merge(current.relations, patch.relations),
    };
    const { result, audit } = await writeEntities(ctx, tx, { blueprint: input.blueprint, entities: [merged], mode: "upsert", bulk: false });
    return { result: result[0]!.entity, audit };
  });
}

/** One entity read under a row lock, in the transaction that will change it; 404 when it does not exist. */
async function lockEntity(tx: Tx, key: { blueprint: string; identifier: string }): Promise<EntityRow> {
  const [row] = await tx
    .select(entityColumns)
    .from(entities)
    .where(and(eq(entities.blueprint, key.blueprint), eq(entities.identifier, key.identifier)))
    .for("update");
  if (!row) throw notFound(`Entity ${key.blueprint}/${key.identifier}`);
  return row;
}

export async function deleteEntity({ ctx, input }: { ctx: ServiceContext; input: { blueprint: string; identifier: string } }) {
  return audited(ctx, async (tx) => {
    const before = await lockEntity(tx, input);
    assertCanWrite(ctx.actor, before.team, null);
    await tx.delete(entities).where(and(eq(entities.blueprint, input.blueprint), eq(entities.identifier, input.identifier)));
    await rescoreEntities(tx, input.blueprint, [input.identifier]);
    return {
      result: { blueprint: before.blueprint, identifier: before.identifier },
      audit: { action: "entity.delete", resourceType: "entity", resourceId: `${before.blueprint}/${before.identifier}`, before: snapshot(before) },
    };
  });
}

/** Entities whose relations point at this one, grouped by blueprint and relation (the reverse side). */
export async function incomingRelations({ ctx, input }: { ctx: ServiceContext; input: { blueprint: string; identifier: string } }) {
  const sources = (await ctx.db.select().from(blueprints)).flatMap((b) =>
    Object.entries(b.relations)
      .filter(([, r]) => r.target === input.blueprint)
      .map(([relation, r]) => ({ blueprint: b.identifier, blueprintTitle: b.title, relation, title: r.title ?? relation })),
  );
  return Promise.all(
    sources.map(async (s) => ({
      ...s,
      entities: await ctx.db
        .select({ identifier: entities.identifier, title: entities.title })
        .from(entities)
        .where(
          and(
            eq(entities.blueprint, s.blueprint),
            sql`(${entities.relations} @> ${JSON.stringify({ [s.relation]: input.identifier })}::jsonb or ${entities.relations} @> ${JSON.stringify({ [s.relation]: [input.identifier] })}::jsonb)`,
          ),
        )
        .orderBy(entities.identifier)
        .limit(200),
    })),
  ).then((groups) => groups.filter((g) => g.entities.length > 0));
}

/**
 * The entities this one points at, per relation of its blueprint in the blueprint's order, with their titles
 * (the entity page names them as people call them). A target that does not exist (yet) keeps its identifier.
 */
export async function outgoingRelations({ ctx, input }: { ctx: ServiceContext; input: { blueprint: string; identifier: string } }) {
  const entity = await getEntity({ ctx, input });
  const bp = await getBlueprint({ ctx, input: { identifier: input.blueprint } });
  const groups = Object.entries(bp.relations).map(([relation, r]) => {
    const raw = entity.relations[relation];
    return { relation, title: r.title ?? relation, target: r.target, identifiers: raw == null ? [] : Array.isArray(raw) ? raw : [raw] };
  });
  const titles = new Map<string, string | null>();
  for (const target of new Set(groups.map((g) => g.target))) {
    const ids = [...new Set(groups.filter((g) => g.target === target).flatMap((g) => g.identifiers))];
    if (!ids.length) continue;
    const rows = await ctx.db
      .select({ identifier: entities.identifier, title: entities.title })
      .from(entities)
      .where(and(eq(entities.blueprint, target), sql`${entities.identifier} = any(${sql.param(ids)}::text[])`));
    for (const r of rows) titles.set(`${target}\u0000${r.identifier}`, r.title);
  }
  return groups.map(({ identifiers, ...g }) => ({
    ...g,
    entities: identifiers.map((identifier) => ({ identifier, title: titles.get(`${g.target}\u0000${identifier}`) ?? null, exists: titles.has(`${g.target}\u0000${identifier}`) })),
  }));
}

/**
 * The values of the blueprint's mirror properties for one entity: `path` "<relation>.<property>" (or
 * `.$title`, `.$identifier`) read from the related entities; a list for a many-relation, null when unset.
 */
export async function mirrorValues({ ctx, input }: { ctx: ServiceContext; input: { blueprint: string; identifier: string } }): Promise<Record<string, unknown>> {
  const bp = await getBlueprint({ ctx, input: { identifier: input.blueprint } });
  const mirrors = Object.entries(bp.mirrorProperties);
  if (!mirrors.length) return {};
  const entity = await getEntity({ ctx, input });
  const result: Record<string, unknown> = {};
  const related = new Map<string, Map<string, { identifier: string; title: string | null; properties: Record<string, unknown> }>>();
  for (const [key, { path }] of mirrors) {
    const [relation, field] = path.split(/\.(.*)/s) as [string, string | undefined];
    const definition = bp.relations[relation];
    const raw = entity.relations[relation];
    const targets = raw == null ? [] : Array.isArray(raw) ? raw : [raw];
    if (!definition || !field || !targets.length) {
      result[key] = definition?.many ? [] : null;
      continue;
    }
    // Several mirrors through one relation read its related entities once.
    const byId =
      related.get(relation) ??
      new Map(
        (
          await ctx.db
            .select({ identifier: entities.identifier, title: entities.title, properties: entities.properties })
            .from(entities)
            .where(and(eq(entities.blueprint, definition.target), inArray(entities.identifier, targets)))
        ).map((r) => [r.identifier, r]),
      );
    related.set(relation, byId);
    const read = (id: string) => {
      const row = byId.get(id);
      if (!row) return null;
      return field === "$title" ? row.title : field === "$identifier" ? row.identifier : (row.properties[field] ?? null);
    };
    result[key] = definition.many ? targets.map(read) : read(targets[0]!);
  }
  return result;
}
