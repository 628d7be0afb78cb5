import { randomUUID } from "node:crypto";
import { applyMigrations } from "@/db/migrate";
import { syncAllPropertyIndexes } from "./catalog/blueprints";
import { systemActor, type ServiceContext } from "./context";
import { getDb } from "./db";
import { ensureBuiltinBlueprints, isEmptyDatabase, seedDemoData, seedDemoScorecards } from "./demo/seed";
import { seedDemoActions } from "./demo/actions";
import { seedDemoDelivery } from "./demo/delivery";
import { getEnv, requireDatabaseUrl } from "./env";
import { startJobs } from "./jobs";
import { log } from "./log";

/**
 * Runs once per server process before it takes requests (instrumentation.ts):
 * validate configuration, apply migrations, create built-ins, load demo data into an empty database.
 */
export async function startPortico() {
  const env = getEnv();
  await applyMigrations(requireDatabaseUrl(env));
  const ctx: ServiceContext = { db: getDb(), actor: systemActor, origin: "system", requestId: `startup-${randomUUID()}` };
  const empty = await isEmptyDatabase(ctx);
  await ensureBuiltinBlueprints(ctx);
  if (empty && env.PORTICO_DEMO_DATA) {
    await seedDemoData(ctx);
    await seedDemoScorecards(ctx);
    await seedDemoActions(ctx);
    await seedDemoDelivery(ctx);
    log.info("loaded demo data into the empty database");
  }
  await syncAllPropertyIndexes(getDb());
  await startJobs(requireDatabaseUrl(env), getDb(), { runLeaseMs: env.PORTICO_RUN_LEASE_SECONDS * 1000 });
  log.info("portico ready", {
    database: env.embeddedDatabase ? "embedded" : "external",
    signIn: [env.oidcConfigured && "oidc", env.githubConfigured && "github", env.demoSignIn && "demo"].filter(Boolean),
  });
}

/** A bad configuration or an unreachable database: say so plainly and stop, rather than serve errors. */
export async function startPorticoOrExit() {
  try {
    await startPortico();
  } catch (error) {
    log.error("portico could not start", { error: error instanceof Error ? error.message : String(error) });
    process.stderr.write(`\n${error instanceof Error ? error.message : String(error)}\n\n`);
    process.exit(1);
  }
}
