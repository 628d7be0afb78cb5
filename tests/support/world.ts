import { sql } from "drizzle-orm";
import { importProgress } from "@/db/schema";
import type { Db } from "@/db/client";
import { createRun } from "@/server/actions/runs";
import { putAction } from "@/server/actions/service";
import { saveWebhookSettings } from "@/server/actions/settings";
import { putBlueprint } from "@/server/catalog/blueprints";
import { upsertEntities } from "@/server/catalog/entities";
import type { UserActor } from "@/server/context";
import { putScorecard } from "@/server/scorecards/service";
import { putCampaign } from "@/server/campaigns/service";
import { makeUser, serviceContext } from "./db";
import { fingerprintStatement } from "./fingerprint";
import { worldDefinitions } from "./world-definitions";

/**
 * A small organisation for the authorization matrix and the fuzz tests: an admin, a member of
 * `payments` (which owns `payments-api`), and a member of `search` (who owns nothing of it), with a
 * scorecard, two actions (one needing approval) and runs in both states. The definitions are data,
 * so the tests over HTTP (tests/e2e/http-world.ts) build the same world through the API.
 */
export async function buildWorld(db: Db) {
  const d = worldDefinitions;
  const [admin, owner, outsider] = await Promise.all(d.users.map((u) => makeUser(db, u.email, u.role, [...u.teams])));
  const as = (actor: UserActor) => serviceContext(db, actor);
  await putBlueprint({ ctx: as(admin!), input: d.service });
  await putBlueprint({ ctx: as(admin!), input: d.environment });
  await upsertEntities({ ctx: as(admin!), input: { blueprint: "service", mode: "upsert", bulk: true, entities: d.services } });
  await upsertEntities({ ctx: as(admin!), input: { blueprint: "environment", mode: "upsert", bulk: true, entities: d.environments } });
  await putScorecard({ ctx: as(admin!), input: { blueprint: "service", scorecard: d.scorecard } });
  await putCampaign({ ctx: as(admin!), input: { campaign: d.campaign } });
  await saveWebhookSettings({ ctx: as(admin!), input: d.webhooks });
  await putAction({ ctx: as(admin!), input: d.notify });
  await putAction({ ctx: as(admin!), input: { ...d.notify, ...d.guarded } });
  const queued = (await createRun({ ctx: as(owner!), input: d.runs.queued })).run;
  const waiting = (await createRun({ ctx: as(owner!), input: d.runs.waiting })).run;
  // A finished import's progress, for the procedures that read one.
  const [progress] = await db.insert(importProgress).values({ id: d.importProgressId, startedBy: d.users[0].email, phase: "done", done: 1, total: 1 }).returning();
  return { admin: admin!, owner: owner!, outsider: outsider!, notify: d.notify, runs: { queued: queued.id, waiting: waiting.id }, importProgressId: progress!.id };
}

export type World = Awaited<ReturnType<typeof buildWorld>>;

/** Every table's row count plus a digest of its rows, in one statement: equal before and after means nothing was written. */
export async function databaseFingerprint(db: Db): Promise<string> {
  const tables = await db.execute<{ name: string }>(
    sql`select quote_ident(tablename) as name from pg_tables where schemaname = 'public' and tablename not like '\\_\\_%' order by tablename`,
  );
  const rows = await db.execute<{ t: string; n: string; h: string }>(sql.raw(fingerprintStatement(tables.map((t) => ({ name: t.name })))));
  return rows.map((r) => `${r.t}:${r.n}:${r.h}`).join("\n");
}
