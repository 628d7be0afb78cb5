import { and, arrayOverlaps, asc, count, eq, gt, ilike, or, sql } from "drizzle-orm";
import { z } from "zod";
import { blueprints, entities } from "@/db/schema";
import type { ServiceContext } from "../context";
import { notFound } from "../errors";
import { containsPattern } from "../sql";

export async function listBlueprints({ ctx }: { ctx: ServiceContext }) {
  const counts = ctx.db
    .select({ blueprint: entities.blueprint, n: count().as("n") })
    .from(entities)
    .groupBy(entities.blueprint)
    .as("counts");
  return ctx.db
    .select({
      identifier: blueprints.identifier,
      title: blueprints.title,
      icon: blueprints.icon,
      description: blueprints.description,
      entityCount: sql<number>`coalesce(${counts.n}, 0)::int`,
    })
    .from(blueprints)
    .leftJoin(counts, eq(counts.blueprint, blueprints.identifier))
    .orderBy(asc(blueprints.title));
}

export async function getBlueprint({ ctx, input }: { ctx: ServiceContext; input: { identifier: string } }) {
  const [bp] = await ctx.db.select().from(blueprints).where(eq(blueprints.identifier, input.identifier));
  if (!bp) throw notFound(`Blueprint ${input.identifier}`);
  return bp;
}

export const entityListSchema = z.object({
  blueprint: z.string().max(100),
  search: z.string().trim().max(200).optional(),
  /** Only entities owned by one of these teams. */
  teams: z.array(z.string().max(100)).max(100).optional(),
  limit: z.number().int().min(1).max(100).default(25),
  /** The identifier of the last entity of the previous page (keyset). */
  cursor: z.string().max(100).nullish(),
});

export async function listEntities({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof entityListSchema> }) {
  const { blueprint, search, teams, limit, cursor } = entityListSchema.parse(input);
  const where = [eq(entities.blueprint, blueprint)];
  if (search) {
    const pattern = containsPattern(search);
    where.push(or(ilike(entities.identifier, pattern), ilike(entities.title, pattern))!);
  }
  if (teams) where.push(arrayOverlaps(entities.team, teams));
  const [total] = await ctx.db.select({ n: count() }).from(entities).where(and(...where));
  if (cursor) where.push(gt(entities.identifier, cursor));
  const rows = await ctx.db
    .select()
    .from(entities)
    .where(and(...where))
    .orderBy(asc(entities.identifier))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  return {
    items,
    total: total?.n ?? 0,
    nextCursor: rows.length > limit ? (items[items.length - 1]?.identifier ?? null) : null,
  };
}

export async function getEntity({ ctx, input }: { ctx: ServiceContext; input: { blueprint: string; identifier: string } }) {
  const [entity] = await ctx.db
    .select()
    .from(entities)
    .where(and(eq(entities.blueprint, input.blueprint), eq(entities.identifier, input.identifier)));
  if (!entity) throw notFound(`Entity ${input.blueprint}/${input.identifier}`);
  return entity;
}
