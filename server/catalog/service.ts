import { asc, count, eq, sql } from "drizzle-orm";
import { blueprints, entities } from "@/db/schema";
import type { ServiceContext } from "../context";
import { notFound } from "../errors";

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

/** Every blueprint's relation targets (relation → target blueprint), for related rules in Queries. */
export type RelationTargets = Record<string, Record<string, string>>;
export async function relationTargets(db: ServiceContext["db"]): Promise<RelationTargets> {
  return targetsOf(await db.select({ identifier: blueprints.identifier, relations: blueprints.relations }).from(blueprints));
}

/** The relation targets of blueprints already read. */
export const targetsOf = (rows: { identifier: string; relations: Record<string, { target: string }> }[]): RelationTargets =>
  Object.fromEntries(rows.map((b) => [b.identifier, Object.fromEntries(Object.entries(b.relations).map(([k, r]) => [k, r.target]))]));
