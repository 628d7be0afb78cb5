import type http from "node:http";
import { log } from "./log";

/** The HTTP servers this process answers on, as seen by their first request (server/peer-address.ts). */
export const servers = new Set<http.Server>();

const INSTALLED = Symbol.for("portico.shutdown");

/**
 * SIGTERM (Kubernetes stopping a pod, the launcher stopping a worker) and SIGINT: stop taking connections
 * and let the requests in flight finish, and meanwhile stop the background work — the run worker finishes
 * the runs it claimed, the cluster supervisor hands its leases back so another replica takes the watches
 * over at its next tick instead of when the lease runs out, the job queue stops gracefully — then exit.
 * Replaces `next start`'s own handler, which exits as soon as the server has closed, whatever the
 * background work is doing. At most `graceMs`: a request that will not end does not hold the pod.
 */
export function handleShutdownSignals(stopBackground: () => Promise<void>, options: { graceMs?: number } = {}) {
  const proc = process as NodeJS.Process & { [INSTALLED]?: true };
  if (proc[INSTALLED]) return;
  proc[INSTALLED] = true;
  const shutdown = async (signal: NodeJS.Signals) => {
    const code = signal === "SIGINT" ? 130 : 143;
    log.info("shutting down", { signal, servers: servers.size });
    setTimeout(() => {
      log.warn("shutdown took too long; exiting", { signal });
      process.exit(code);
    }, options.graceMs ?? 30_000).unref();
    const closing = [...servers].map(
      (server) =>
        new Promise<void>((resolve) => {
          // Keep-alive connections with no request in flight would hold close() open: closed now, and each
          // connection whose request ends meanwhile is closed as it becomes idle.
          const idle = setInterval(() => server.closeIdleConnections(), 100);
          server.close(() => (clearInterval(idle), resolve()));
          server.closeIdleConnections();
        }),
    );
    const started = Date.now();
    const timed = async (step: string, work: Promise<unknown>) => {
      await work;
      log.info("shutdown step done", { step, ms: Date.now() - started });
    };
    const results = await Promise.allSettled([timed("http", Promise.all(closing)), timed("background", stopBackground())]);
    for (const r of results) if (r.status === "rejected") log.warn("shutdown step failed", { error: String(r.reason) });
    log.info("shut down", { signal, ms: Date.now() - started });
    process.exit(code);
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.removeAllListeners(signal);
    process.once(signal, (s) => void shutdown(s));
  }
}
