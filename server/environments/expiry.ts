import { and, eq, sql } from "drizzle-orm";
import { entities } from "@/db/schema";
import { deleteEntity } from "../catalog/entities";
import type { ServiceContext } from "../context";
import { log } from "../log";

/**
 * Deletes `environment` entities whose `expiresAt` has passed (preview environments), each in its own
 * audited transaction. Returns the identifiers deleted.
 */
export async function deleteExpiredEnvironments(ctx: ServiceContext, now = new Date()): Promise<string[]> {
  const expired = await ctx.db
    .select({ identifier: entities.identifier })
    .from(entities)
    .where(
      and(
        eq(entities.blueprint, "environment"),
        sql`jsonb_typeof(${entities.properties} -> 'expiresAt') = 'string'`,
        sql`(${entities.properties} ->> 'expiresAt') < ${now.toISOString()}`,
      ),
    )
    .limit(500);
  const deleted: string[] = [];
  for (const { identifier } of expired) {
    try {
      await deleteEntity({ ctx, input: { blueprint: "environment", identifier } });
      deleted.push(identifier);
    } catch (error) {
      log.warn("could not delete an expired environment", { identifier, error: (error as Error).message });
    }
  }
  return deleted;
}
