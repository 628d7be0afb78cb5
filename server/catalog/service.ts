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
