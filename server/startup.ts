import { randomUUID } from "node:crypto";
import { migrateWith, withStartupLock } from "@/db/migrate";
import { syncAllPropertyIndexes } from "./catalog/blueprints";
import { systemActor, type ServiceContext } from "./context";
import { getDb } from "./db";
import { seedDemoCampaigns } from "./demo/campaigns";
import { ensureBuiltinBlueprints, isEmptyDatabase, removeDemoUsers, seedDemoData, seedDemoScorecards } from "./demo/seed";
import { seedDemoActions } from "./demo/actions";
import { seedDemoDelivery } from "./demo/delivery";
import { seedDemoActivity } from "./demo/insights";
import { seedDemoDocs } from "./demo/docs";
import { getEnv, requireDatabaseUrl } from "./env";
import { startJobs, stopJobs } from "./jobs";
import { log } from "./log";
import { handleShutdownSignals } from "./shutdown";

/**
 * Runs once per server process before it takes requests (instrumentation.ts):
 * validate configuration, apply migrations, create built-ins, load demo data into an empty database.
 */
export async function startPortico() {
  const env = getEnv();
  const url = requireDatabaseUrl(env);
  const ctx: ServiceContext = { db: getDb(), actor: systemActor, origin: "system", requestId: `startup-${randomUUID()}` };
  // Of several processes starting at once, one at a time, under one lock: one migrates and loads the
  // demo data, the others then find both done.
  await withStartupLock(url, async (client) => {
    await migrateWith(client);
    const empty = await isEmptyDatabase(ctx);
    await ensureBuiltinBlueprints(ctx);
    if (env.ssoConfigured) {
      const removed = await removeDemoUsers(ctx);
      if (removed) log.warn("removed the demo users: an SSO provider is configured", { removed });
    }
    if (empty && env.PORTICO_DEMO_DATA) {
      await seedDemoData(ctx, { users: !env.ssoConfigured });
      await seedDemoScorecards(ctx);
      await seedDemoActions(ctx);
      await seedDemoDelivery(ctx);
      await seedDemoCampaigns(ctx);
      await seedDemoActivity(ctx);
      await seedDemoDocs(ctx);
      log.info("loaded demo data into the empty database");
    }
    await syncAllPropertyIndexes(getDb());
    // pg-boss creates its queues and schedules here: two processes doing that at once can deadlock.
    await startJobs(url, getDb(), { runLeaseMs: env.PORTICO_RUN_LEASE_SECONDS * 1000 });
  });
  // `next dev` restarts itself and handles its own signals; a production server hands its work back first.
  if (env.NODE_ENV === "production") handleShutdownSignals(stopJobs);
  log.info("portico ready", {
    database: env.embeddedDatabase ? "embedded" : "external",
    signIn: [env.oidcConfigured && "oidc", env.githubConfigured && "github", env.demoSignIn && "demo"].filter(Boolean),
  });
  // A worker of the launcher (scripts/portico.ts) tells it that it is serving; `next start` alone has no channel.
  process.send?.({ portico: "ready" });
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
