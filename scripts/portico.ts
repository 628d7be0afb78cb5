/**
 * `npm start` / `npm run dev`: the zero-config launcher.
 * Validates configuration, starts the embedded PostgreSQL when DATABASE_URL is unset (data under
 * PORTICO_DATA_DIR), builds the app if the build is missing or older than the sources, then runs
 * `next start` (or `next dev`). Ctrl-C stops Next first, then PostgreSQL, cleanly.
 * Migrations and demo data are applied by the server itself at start (instrumentation.ts).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
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

  let child: ChildProcess | undefined;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (child && child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((resolve) => child!.once("exit", resolve));
    }
    if (stopDatabase) {
      say("stopping the embedded PostgreSQL");
      await stopDatabase().catch((e) => say(`could not stop PostgreSQL cleanly: ${e}`));
    }
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  if (mode === "start" && buildIsStale()) {
    say("building (the build is missing or older than the sources)");
    const startedAt = new Date();
    const build = run(["build"], { ...childEnv, NODE_ENV: "production" });
    child = build;
    const code: number = await new Promise((resolve) => build.once("exit", (c) => resolve(c ?? 1)));
    if (code !== 0 || stopping) return shutdown(code || 1);
    // The build is as new as the sources it read: a file saved while it ran makes the next start build again.
    fs.utimesSync(path.join(root, ".next", "BUILD_ID"), startedAt, startedAt);
  }

  say(`serving on http://localhost:${env.PORT}`);
  child = run(mode === "dev" ? ["dev", "-p", String(env.PORT)] : ["start", "-p", String(env.PORT)], childEnv);
  child.once("exit", (code) => void shutdown(code ?? 0));
}

main().catch((error) => {
  process.stderr.write(`[portico] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
