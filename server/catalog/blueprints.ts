import { and, asc, count, eq, gt, inArray, isNotNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { blueprints, entities } from "@/db/schema";
import { audited } from "../audit/audited";
import { actorLabel, requireAdmin, type ServiceContext } from "../context";
import { conflict, DomainError, invalid, notFound, parseInput, type ErrorDetail } from "../errors";
import { unchangedRow } from "../json-equality";
import { builtinBlueprints } from "./builtins";
import { syncPropertyIndexes } from "./property-indexes";
import { syncValueSlots } from "./value-slots";
import { removeResults } from "../scorecards/service";
import { blueprintInputSchema, type BlueprintInput } from "./blueprint-schema";
import { validateProperties, validateRelationShapes } from "./validation";
import { assertNoProblems, computedDefinitionProblems } from "./computed";
import { withoutReadOnlyFields } from "../read-only-fields";

const BATCH = 2000;
const SAMPLE = 20;

const parseBlueprint = (input: unknown): BlueprintInput => parseInput(blueprintInputSchema, withoutReadOnlyFields(input), "The blueprint is invalid");

/** Relation targets must be existing blueprints (or the blueprint itself). */
async function assertRelationTargets(db: DbOrTx, bp: BlueprintInput) {
  const targets = [...new Set(Object.values(bp.relations).map((r) => r.target))].filter((t) => t !== bp.identifier);
  if (!targets.length) return;
  const found = new Set((await db.select({ id: blueprints.identifier }).from(blueprints).where(inArray(blueprints.identifier, targets))).map((b) => b.id));
  const errors: ErrorDetail[] = Object.entries(bp.relations)
    .filter(([, r]) => r.target !== bp.identifier && !found.has(r.target))
    .map(([id, r]) => ({ path: `/relations/${id}/target`, message: `blueprint ${r.target} does not exist` }));
  if (errors.length) throw invalid("The blueprint is invalid", errors);
}

type Check = { identifier: string; errors: ErrorDetail[] | null; previous: ErrorDetail[] | null };

/** Validates every entity of a blueprint against a definition, a batch at a time (keyset on identifier). */
async function* checkEntities(db: DbOrTx, bp: BlueprintInput): AsyncGenerator<Check[]> {
  let after = "";
  for (;;) {
    const rows = await db
      .select({ identifier: entities.identifier, properties: entities.properties, relations: entities.relations, validationErrors: entities.validationErrors })
      .from(entities)
      .where(and(eq(entities.blueprint, bp.identifier), gt(entities.identifier, after)))
      .orderBy(asc(entities.identifier))
      .limit(BATCH);
    if (!rows.length) return;
    yield rows.map((r) => {
      const errors = [...validateProperties(bp.schema, r.properties), ...validateRelationShapes(bp.relations, r.relations)];
      return { identifier: r.identifier, errors: errors.length ? errors : null, previous: r.validationErrors };
    });
    after = rows[rows.length - 1]!.identifier;
  }
}

/**
 * What saving `input` would do to existing entities: how many would become invalid, and which
 * (a sample with their errors). Nothing is written.
 */
export async function previewBlueprintChange({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  requireAdmin(ctx, "change blueprints");
  const bp = parseBlueprint(input);
  await assertRelationTargets(ctx.db, bp);
  const [existing] = await ctx.db.select({ id: blueprints.identifier }).from(blueprints).where(eq(blueprints.identifier, bp.identifier));
  let total = 0;
  let invalidCount = 0;
  let newlyInvalid = 0;
  const sample: { identifier: string; errors: ErrorDetail[] }[] = [];
  for await (const batch of checkEntities(ctx.db, bp)) {
    total += batch.length;
    for (const c of batch) {
      if (!c.errors) continue;
      invalidCount++;
      if (!c.previous) newlyInvalid++;
      if (sample.length < SAMPLE) sample.push({ identifier: c.identifier, errors: c.errors });
    }
  }
  return { exists: Boolean(existing), entities: total, invalid: invalidCount, newlyInvalid, sample };
}

/**
 * Creates or replaces a blueprint (admins). Existing entities are kept: those the new definition
 * makes invalid are flagged with their errors (and unflagged once valid again), never dropped.
 */
export async function putBlueprint({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  requireAdmin(ctx, "change blueprints");
  const bp = parseBlueprint(input);
  return audited(ctx, async (tx) => {
    await assertRelationTargets(tx, bp);
    assertNoProblems(await computedDefinitionProblems(tx, bp));
    const [before] = await tx.select().from(blueprints).where(eq(blueprints.identifier, bp.identifier)).for("update");
    const by = actorLabel(ctx.actor);
    const values = {
      title: bp.title,
      icon: bp.icon ?? null,
      description: bp.description ?? null,
      schema: bp.schema,
      relations: bp.relations,
      mirrorProperties: bp.mirrorProperties,
      calculationProperties: bp.calculationProperties,
      aggregationProperties: bp.aggregationProperties,
      updatedAt: new Date(),
      updatedBy: by,
    };
    if (before && unchangedRow(before, values)) {
      // The same definition: nothing to write, re-check or audit.
      const [flaggedNow] = await tx
        .select({ n: count() })
        .from(entities)
        .where(and(eq(entities.blueprint, bp.identifier), isNotNull(entities.validationErrors)));
      return { result: { blueprint: before, created: false, unchanged: true, invalidEntities: flaggedNow?.n ?? 0 }, audit: [] };
    }
    const [saved] = before
      ? await tx.update(blueprints).set(values).where(eq(blueprints.identifier, bp.identifier)).returning()
      : await tx.insert(blueprints).values({ ...values, identifier: bp.identifier, createdBy: by }).returning();

    await syncPropertyIndexes(tx, bp.identifier, bp.schema);
    await syncValueSlots(tx, bp.identifier, bp.schema);
    let flagged = 0;
    for await (const batch of checkEntities(tx, bp)) {
      const changed = batch.filter((c) => JSON.stringify(c.errors) !== JSON.stringify(c.previous));
      flagged += batch.filter((c) => c.errors).length;
      if (!changed.length) continue;
      await tx.execute(sql`
        update ${entities} set validation_errors = v.errors
        from (select unnest(${sql`array[${sql.join(changed.map((c) => sql`${c.identifier}`), sql`, `)}]::text[]`}) as identifier,
                     unnest(${sql`array[${sql.join(changed.map((c) => sql`${c.errors === null ? null : JSON.stringify(c.errors)}::jsonb`), sql`, `)}]::jsonb[]`}) as errors) v
        where ${entities.blueprint} = ${bp.identifier} and ${entities.identifier} = v.identifier`);
    }
    return {
      result: { blueprint: saved!, created: !before, unchanged: false, invalidEntities: flagged },
      audit: {
        action: before ? "blueprint.update" : "blueprint.create",
        resourceType: "blueprint",
        resourceId: bp.identifier,
        before: before ? blueprintDefinition(before) : undefined,
        after: blueprintDefinition(saved!),
      },
    };
  });
}

const builtinIds = new Set(builtinBlueprints.map((b) => b.identifier));

/** Deletes a blueprint; with entities only when `confirm` is true (they go with it). */
export async function deleteBlueprint({ ctx, input }: { ctx: ServiceContext; input: { identifier: string; confirm?: boolean } }) {
  requireAdmin(ctx, "delete blueprints");
  if (builtinIds.has(input.identifier)) throw conflict(`${input.identifier} is built in and cannot be deleted`);
  return audited(ctx, async (tx) => {
    const [before] = await tx.select().from(blueprints).where(eq(blueprints.identifier, input.identifier)).for("update");
    if (!before) throw notFound(`Blueprint ${input.identifier}`);
    const referrers = (await tx.select().from(blueprints))
      .filter((b) => b.identifier !== input.identifier && Object.values(b.relations).some((r) => r.target === input.identifier))
      .map((b) => b.identifier);
    if (referrers.length) throw conflict(`Relations of ${referrers.join(", ")} point to ${input.identifier}; remove them first`);
    const [{ n }] = (await tx.select({ n: count() }).from(entities).where(eq(entities.blueprint, input.identifier))) as [{ n: number }];
    if (n > 0 && !input.confirm) throw conflict(`${input.identifier} has ${n} entities; confirm to delete them with it`);
    await tx.delete(blueprints).where(eq(blueprints.identifier, input.identifier));
    await syncPropertyIndexes(tx, input.identifier, null);
    await removeResults(tx, { blueprint: input.identifier });
    return {
      result: { identifier: input.identifier, deletedEntities: n },
      audit: { action: "blueprint.delete", resourceType: "blueprint", resourceId: input.identifier, before: { ...before, deletedEntities: n } },
    };
  });
}

/** What an admin defines (and the audit log records) of a blueprint. */
function blueprintDefinition(b: typeof blueprints.$inferSelect) {
  return {
    identifier: b.identifier,
    title: b.title,
    icon: b.icon,
    description: b.description,
    schema: b.schema,
    relations: b.relations,
    mirrorProperties: b.mirrorProperties,
    calculationProperties: b.calculationProperties,
    aggregationProperties: b.aggregationProperties,
  };
}

/** PRODUCT.md's Blueprint JSON. */
export function toBlueprintJson(b: typeof blueprints.$inferSelect) {
  return {
    ...blueprintDefinition(b),
    createdAt: b.createdAt,
    createdBy: b.createdBy,
    updatedAt: b.updatedAt,
    updatedBy: b.updatedBy,
  };
}

export async function listBlueprintDefinitions({ ctx }: { ctx: ServiceContext }) {
  return (await ctx.db.select().from(blueprints).orderBy(asc(blueprints.identifier))).map(toBlueprintJson);
}

/** Problems of a blueprint definition as JSON-pointer details (empty when it would save); nothing is written. */
export async function validateBlueprint({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<ErrorDetail[]> {
  requireAdmin(ctx, "change blueprints");
  try {
    const bp = parseBlueprint(input);
    await assertRelationTargets(ctx.db, bp);
    return await computedDefinitionProblems(ctx.db, bp);
  } catch (error) {
    if (error instanceof DomainError && error.code === "VALIDATION") return error.details ?? [{ path: "", message: error.message }];
    throw error;
  }
}

/** Makes sure every blueprint has its property indexes and value slots (blueprints written before they existed, demo data). */
export async function syncAllPropertyIndexes(db: DbOrTx) {
  for (const b of await db.select({ identifier: blueprints.identifier, schema: blueprints.schema }).from(blueprints)) {
    await syncPropertyIndexes(db, b.identifier, b.schema);
    await syncValueSlots(db, b.identifier, b.schema);
  }
}
