/**
 * `npm start` / `npm run dev`: the zero-config launcher.
 * Validates configuration, starts the embedded PostgreSQL when DATABASE_URL is unset (data under
 * PORTICO_DATA_DIR), builds the app if the build is missing or older than the sources, then runs
 * PORTICO_WORKERS processes of `next start` on one port (or one `next dev`). A server process that
 * dies after it started is replaced. Ctrl-C stops Next first, then PostgreSQL, cleanly.
 * Migrations and demo data are applied by the server itself at start (instrumentation.ts).
 */
import { spawn, type ChildProcess } from "node:child_process";
import cluster from "node:cluster";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ConfigError, parseEnv } from "../server/env";
import { startEmbeddedPostgres } from "./embedded-postgres";

const mode = process.argv[2] === "dev" ? "dev" : "start";
const root = process.cwd();
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");

function say(msg: string) {
  process.stdout.write(`[portico] ${msg}\n`);
}

function run(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [nextBin, ...args], { stdio: "inherit", env });
}

function newestSource(dir: string): number {
  let newest = 0;
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return newest;
}

function buildIsStale(): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  const sources = ["app", "components", "server", "db", "public"].map((d) => newestSource(path.join(root, d)));
  const files = ["next.config.js", "package.json", "proxy.ts", "instrumentation.ts", "postcss.config.js"]
    .map((f) => path.join(root, f))
    .filter((f) => fs.existsSync(f))
    .map((f) => fs.statSync(f).mtimeMs);
  return Math.max(...sources, ...files) > built;
}

/** Secrets the local start needs but nobody configured: generated once, kept beside the data. */
function localSecrets(dataDir: string): { authSecret: string; encryptionKey: string } {
  const file = path.join(dataDir, "secrets.json");
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8"));
  const secrets = { authSecret: randomBytes(33).toString("base64"), encryptionKey: randomBytes(33).toString("base64") };
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

async function main() {
  let env;
  try {
    env = parseEnv(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n\nSee the Configuration table in README.md.\n`);
      process.exit(1);
    }
    throw error;
  }

  const childEnv: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", PORT: String(env.PORT) };
  let stopDatabase: (() => Promise<void>) | undefined;

  if (env.embeddedDatabase) {
    const dataDir = path.resolve(root, env.PORTICO_DATA_DIR);
    const secrets = localSecrets(dataDir);
    childEnv.AUTH_SECRET ||= secrets.authSecret;
    childEnv.PORTICO_ENCRYPTION_KEY ||= secrets.encryptionKey;
    say(`starting the embedded PostgreSQL (data in ${path.relative(root, dataDir) || dataDir})`);
    const pg = await startEmbeddedPostgres(dataDir);
    childEnv.PORTICO_EMBEDDED_DATABASE_URL = pg.url;
    stopDatabase = pg.stop;
  }
  childEnv.AUTH_URL ||= `http://localhost:${env.PORT}`;

  // Build, dev server and server processes: all stopped, and waited for, before PostgreSQL.
  const children = new Set<ChildProcess>();
  const track = (child: ChildProcess) => {
    children.add(child);
    child.once("exit", () => children.delete(child));
    return child;
  };
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await Promise.all(
      [...children].map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }),
    );
    if (stopDatabase) {
      say("stopping the embedded PostgreSQL");
      await stopDatabase().catch((e) => say(`could not stop PostgreSQL cleanly: ${e}`));
    }
    process.exit(code);
  };
  // embedded-postgres stops PostgreSQL on these signals by itself and exits with 130 (async-exit-hook),
  // racing the server processes still using it: here the launcher alone decides the order. (tsx's own
  // handler, which tells the tsx CLI that the signal arrived, is not among `listeners()` and stays.)
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
  }
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  if (mode === "start" && buildIsStale()) {
    say("building (the build is missing or older than the sources)");
    const startedAt = new Date();
    const build = track(run(["build"], { ...childEnv, NODE_ENV: "production" }));
    const code: number = await new Promise((resolve) => build.once("exit", (c) => resolve(c ?? 1)));
    if (code !== 0 || stopping) return shutdown(code || 1);
    // The build is as new as the sources it read: a file saved while it ran makes the next start build again.
    fs.utimesSync(path.join(root, ".next", "BUILD_ID"), startedAt, startedAt);
  }

  if (mode === "dev") {
    say(`serving on http://localhost:${env.PORT}`);
    const dev = track(run(["dev", "-p", String(env.PORT)], childEnv));
    dev.once("exit", (code) => void shutdown(code ?? 0));
    return;
  }
  const workers = env.PORTICO_WORKERS ?? Math.min(MAX_DEFAULT_WORKERS, os.availableParallelism());
  serveWithWorkers(workers, env.PORT, childEnv, { track, shutdown, stopping: () => stopping });
}

/** Without PORTICO_WORKERS: one server process per core, up to this many (each holds its own caches). */
const MAX_DEFAULT_WORKERS = 4;
/** A server process that keeps dying is not replaced for ever: this many within a minute stop Portico. */
const MAX_REPLACEMENTS_A_MINUTE = 5;

/**
 * `next start` in `count` cluster workers: its own `listen()` then shares the port, and the launcher
 * hands each new connection to the next worker in turn. A worker says it is ready once Portico's
 * start-up (server/startup.ts) is done. One that exits before that stops Portico with its code (bad
 * configuration, database unreachable); one that exits later is replaced.
 */
function serveWithWorkers(
  count: number,
  port: number,
  env: NodeJS.ProcessEnv,
  { track, shutdown, stopping }: { track: (child: ChildProcess) => ChildProcess; shutdown: (code: number) => Promise<void>; stopping: () => boolean },
) {
  cluster.setupPrimary({ exec: nextBin, args: ["start", "-p", String(port)], execArgv: [] });
  const ready = new Set<number>();
  const replacements: number[] = [];
  let announced = false;

  const fork = () => {
    const worker = cluster.fork(env);
    track(worker.process);
    worker.on("message", (message: unknown) => {
      if ((message as { portico?: string } | null)?.portico !== "ready") return;
      ready.add(worker.id);
      if (!announced && ready.size === count) {
        announced = true;
        say(`serving on http://localhost:${port} (${count} server process${count === 1 ? "" : "es"})`);
      }
    });
    worker.once("exit", (code, signal) => {
      const wasReady = ready.delete(worker.id);
      if (stopping()) return;
      if (!wasReady) return void shutdown(code || 1);
      const now = Date.now();
      replacements.push(now);
      while (replacements[0]! < now - 60_000) replacements.shift();
      if (replacements.length > MAX_REPLACEMENTS_A_MINUTE) {
        say(`server processes keep exiting (${replacements.length} in a minute): stopping`);
        return void shutdown(code || 1);
      }
      say(`server process ${worker.process.pid} exited (${signal ?? `code ${code}`}): starting another`);
      fork();
    });
  };
  say(`starting ${count} server process${count === 1 ? "" : "es"} on port ${port}`);
  for (let i = 0; i < count; i++) fork();
}

main().catch((error) => {
  process.stderr.write(`[portico] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
