import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "../../scripts/embedded-postgres";
import { environmentWithoutPorticoSettings } from "../support/launch";

/**
 * A second production server for tests that must kill it or configure it differently: its own
 * embedded PostgreSQL in a temporary folder, and `next start` on the build the e2e launcher made.
 * Its stdout and stderr (the JSON logs) are kept for the test to read.
 */
export async function startPortalServer(port: number, env: Record<string, string>, options: { databaseUrl?: string; startNow?: boolean } = {}) {
  // Replicas share one database (`databaseUrl`); a lone server gets its own.
  const dir = options.databaseUrl ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), "portico-e2e-"));
  const pg = dir ? await startEmbeddedPostgres(dir) : undefined;
  const databaseUrl = options.databaseUrl ?? pg!.url;
  const url = `http://localhost:${port}`;
  const fullEnv = {
    ...environmentWithoutPorticoSettings(),
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(port),
    AUTH_URL: url,
    AUTH_SECRET: "second-server-auth-secret-0123456789-0123",
    PORTICO_EMBEDDED_DATABASE_URL: databaseUrl,
    ...env,
  } as unknown as NodeJS.ProcessEnv;
  let output = "";
  let child: ChildProcess | undefined;

  async function start() {
    const c = spawn(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "start", "-p", String(port)], { env: fullEnv, stdio: ["ignore", "pipe", "pipe"] });
    child = c;
    c.stdout!.on("data", (d: Buffer) => (output += d));
    c.stderr!.on("data", (d: Buffer) => (output += d));
    for (let i = 0; i < 480; i++) {
      if (c.exitCode !== null) throw new Error(`the server exited:\n${output}`);
      if (await fetch(`${url}/api/health/ready`).then((r) => r.ok, () => false)) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`the server was not ready:\n${output}`);
  }

  async function kill(signal: NodeJS.Signals) {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once("exit", r));
    c.kill(signal);
    await exited;
  }

  if (options.startNow !== false) await start();
  return {
    url,
    databaseUrl,
    output: () => output,
    pid: () => child?.pid,
    exitCode: () => child?.exitCode,
    start,
    kill,
    async stop() {
      await kill("SIGTERM");
      await pg?.stop();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
