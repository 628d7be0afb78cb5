import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { entitySearchVector, entities } from "@/db/schema/catalog";
import { putBlueprint } from "@/server/catalog/blueprints";
import { upsertEntities } from "@/server/catalog/entities";
import { analyzeGrownTables } from "@/server/catalog/statistics";
import type { UserActor } from "@/server/context";
import { createTestDatabase, makeUser, serviceContext } from "../support/db";

const { db } = await createTestDatabase();
let admin: UserActor;

const statistics = async (table: string) =>
  (await db.execute<{ pages: number; tuples: number }>(sql`select relpages as pages, reltuples::int as tuples from pg_class where relname = ${table} and relkind = 'r'`))[0]!;

/** The plan PostgreSQL picks for a search whose words match every service. */
async function searchPlan() {
  const [row] = await db.execute<{ plan: unknown }>(
    sql`explain (format json) select identifier from ${entities} where blueprint = 'service' and ${entitySearchVector(entities)} @@ to_tsquery('simple', 'bulk:* & service:*') order by identifier limit 21`,
  );
  return JSON.stringify(row);
}

beforeAll(async () => {
  admin = await makeUser(db, "admin@example.com", "admin");
  await putBlueprint({
    ctx: serviceContext(db, admin),
    input: { identifier: "service", title: "Service", schema: { properties: { description: { type: "string" } }, required: [] } },
  });
});

describe("statistics after a bulk write", () => {
  it("analyses the catalog tables a bulk import grew, so that a search right after it uses the full-text index", async () => {
    expect((await statistics("entities")).tuples).toBeLessThan(1);
    for (let batch = 0; batch < 3; batch++) {
      await upsertEntities({
        ctx: serviceContext(db, admin),
        input: {
          blueprint: "service",
          mode: "upsert",
          bulk: true,
          entities: Array.from({ length: 1000 }, (_, i) => ({
            identifier: `bulk-${batch}-${i}`,
            title: `Bulk service ${batch * 1000 + i}`,
            properties: { description: `A service imported in bulk to grow the table past what its statistics describe. ${"·".repeat(200)}` },
          })),
        },
      });
    }
    expect(await searchPlan()).toContain("entities_search_idx");
    // Analysed during the import (autovacuum's first look would come a minute later at the soonest).
    expect((await statistics("entities")).tuples).toBeGreaterThanOrEqual(1000);
    expect((await statistics("entity_values")).tuples).toBeGreaterThanOrEqual(1000);
    // Statistics that describe the table are left alone.
    expect(await analyzeGrownTables(db)).toEqual([]);
  });
});
