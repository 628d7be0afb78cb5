import { createDb } from "@/db/client";
import { startRunWorker } from "@/server/actions/dispatch";

// A run worker in its own process, for the crash-recovery test (which kills it with SIGKILL).
const { db } = createDb(process.env.PORTICO_EMBEDDED_DATABASE_URL!, { max: 2 });
startRunWorker(db, { workerId: "child", leaseMs: Number(process.env.WORKER_LEASE_MS ?? 120_000), pollMs: 50, followEveryMs: 60_000 });
