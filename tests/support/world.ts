import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { createRun } from "@/server/actions/runs";
import { putAction } from "@/server/actions/service";
import { saveWebhookSettings } from "@/server/actions/settings";
import { putBlueprint } from "@/server/catalog/blueprints";
import { upsertEntities } from "@/server/catalog/entities";
import type { UserActor } from "@/server/context";
import { putScorecard } from "@/server/scorecards/service";
import { makeUser, serviceContext } from "./db";

/**
 * A small organisation for the authorization matrix and the fuzz tests: an admin, a member of
 * `payments` (which owns `payments-api`), and a member of `search` (who owns nothing of it), with a
 * scorecard, two actions (one needing approval) and runs in both states.
 */
export async function buildWorld(db: Db) {
  const admin = await makeUser(db, "admin@example.com", "admin", ["platform"]);
  const owner = await makeUser(db, "owner@example.com", "member", ["payments"]);
  const outsider = await makeUser(db, "outsider@example.com", "member", ["search"]);
  const as = (actor: UserActor) => serviceContext(db, actor);
  await putBlueprint({
    ctx: as(admin),
    input: {
      identifier: "service",
      title: "Service",
      schema: { properties: { language: { type: "string" }, lifecycle: { type: "string", enum: ["production", "experimental"] }, repository: { type: "string" } }, required: [] },
      relations: { dependsOn: { target: "service", many: true } },
    },
  });
  await putBlueprint({ ctx: as(admin), input: { identifier: "environment", title: "Environment", schema: { properties: { type: { type: "string" } }, required: [] } } });
  await upsertEntities({
    ctx: as(admin),
    input: {
      blueprint: "service",
      mode: "upsert",
      bulk: true,
      entities: [
        { identifier: "payments-api", title: "Payments API", team: ["payments"], properties: { language: "go", lifecycle: "production", repository: "https://github.com/acme/payments-api" } },
        { identifier: "search-api", title: "Search API", team: ["search"], properties: { language: "rust", lifecycle: "experimental" } },
      ],
    },
  });
  await upsertEntities({ ctx: as(admin), input: { blueprint: "environment", mode: "upsert", bulk: true, entities: [{ identifier: "production", properties: { type: "production" } }] } });
  await putScorecard({
    ctx: as(admin),
    input: {
      blueprint: "service",
      scorecard: {
        identifier: "readiness",
        title: "Readiness",
        levels: [{ title: "Basic", color: "gray" }, { title: "Gold", color: "#d4af37" }],
        rules: [{ identifier: "lang", title: "Has a language", level: "Gold", query: { combinator: "and", rules: [{ property: "language", operator: "isNotEmpty" }] } }],
      },
    },
  });
  // The webhook target is never called: no worker runs in these tests.
  await saveWebhookSettings({ ctx: as(admin), input: { allowlist: ["hooks.example.com"], signingSecret: "world-signing-secret-0123456789", notificationUrl: "" } });
  const notify = {
    identifier: "notify",
    title: "Notify the owners",
    blueprint: "service",
    operation: "DAY-2",
    userInputs: { properties: { message: { type: "string", minLength: 1 } }, required: ["message"] },
    invocation: { type: "webhook", url: "https://hooks.example.com/notify", body: { text: "{{ inputs.message }}" } },
    permissions: { execute: { ownerTeam: true } },
  };
  await putAction({ ctx: as(admin), input: notify });
  await putAction({ ctx: as(admin), input: { ...notify, identifier: "guarded", title: "Guarded notify", approval: { required: true, approvers: { teams: ["platform"] } } } });
  const queued = (await createRun({ ctx: as(owner), input: { action: "notify", body: { entity: "payments-api", inputs: { message: "hello" } } } })).run;
  const waiting = (await createRun({ ctx: as(owner), input: { action: "guarded", body: { entity: "payments-api", inputs: { message: "please" } } } })).run;
  return { admin, owner, outsider, notify, runs: { queued: queued.id, waiting: waiting.id } };
}

export type World = Awaited<ReturnType<typeof buildWorld>>;

/**
 * Every table's row count plus a digest of its rows, in one statement: equal before and after means
 * nothing was written.
 */
export async function databaseFingerprint(db: Db): Promise<string> {
  const tables = await db.execute<{ name: string }>(
    sql`select quote_ident(tablename) as name from pg_tables where schemaname = 'public' and tablename not like '\\_\\_%' order by tablename`,
  );
  const parts = tables.map((t) => `select '${t.name}' as t, count(*) as n, coalesce(md5(string_agg(md5(x::text), '' order by md5(x::text))), '') as h from ${t.name} x`);
  const rows = await db.execute<{ t: string; n: string; h: string }>(sql.raw(parts.join(" union all ")));
  return rows.map((r) => `${r.t}:${r.n}:${r.h}`).join("\n");
}
