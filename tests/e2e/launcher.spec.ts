import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { startEmbeddedPostgres } from "../../scripts/embedded-postgres";
import { launchPortico } from "../support/launch";
import { processTree } from "../support/processes";
import { OIDC_CLIENT, OIDC_ISSUER } from "./ports";

// These start their own Portico processes (on the build the main web server made) and take a while.
test.describe.configure({ mode: "serial", timeout: 240_000 });

test("the local start offers demo users, keeps data across a clean stop and start", async ({ page }) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portico-local-"));
  const url = "http://localhost:3203";
  const env = { PORT: "3203", AUTH_URL: url, PORTICO_DATA_DIR: dataDir };

  let portico = launchPortico(["start"], env);
  try {
    await portico.waitUntilReady(url);
    await page.goto(`${url}/admin/teams`);
    await expect(page.getByRole("heading", { name: "Local demo sign-in" })).toBeVisible();
    await page.getByRole("button", { name: /Sign in as Ada Admin/ }).click();
    await expect(page.getByRole("heading", { name: "Teams" })).toBeVisible();

    // Create a team through the admin UI.
    await page.getByRole("button", { name: "New team" }).click();
    const dialog = page.getByRole("dialog", { name: "New team" });
    await dialog.getByLabel("Identifier").fill("bad id");
    await dialog.getByLabel("Title").fill("Restart proof");
    await dialog.getByRole("button", { name: "Create team" }).click();
    await expect(dialog.getByText("Use 1–100 letters, digits")).toBeVisible();
    await dialog.getByLabel("Identifier").fill("restart-proof");
    await dialog.getByRole("button", { name: "Create team" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("link", { name: "Restart proof" })).toBeVisible();

    // Ctrl-C: Next stops, then PostgreSQL shuts down cleanly (no postmaster.pid left behind).
    expect(await portico.stop("SIGINT")).toBe(0);
    expect(portico.output()).toContain("stopping the embedded PostgreSQL");
    expect(fs.existsSync(path.join(dataDir, "pg", "postmaster.pid"))).toBe(false);

    portico = launchPortico(["start"], env);
    await portico.waitUntilReady(url);
    // The session survives too: the generated AUTH_SECRET is kept beside the data.
    await page.goto(`${url}/admin/teams`);
    await expect(page.getByRole("link", { name: "Restart proof" })).toBeVisible();
    expect(portico.output()).not.toContain("loaded demo data");
  } finally {
    await portico.stop("SIGTERM");
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test("with DATABASE_URL it uses that PostgreSQL, starts no embedded one, and offers only SSO", async ({ page }) => {
  const pgDir = fs.mkdtempSync(path.join(os.tmpdir(), "portico-external-pg-"));
  const dataDir = path.join(os.tmpdir(), `portico-external-data-${Date.now()}`);
  const external = await startEmbeddedPostgres(pgDir, { persistent: false });
  const url = "http://localhost:3204";
  const portico = launchPortico(["start"], {
    PORT: "3204",
    AUTH_URL: url,
    DATABASE_URL: external.url,
    PORTICO_DATA_DIR: dataDir,
    AUTH_OIDC_ISSUER: OIDC_ISSUER,
    AUTH_OIDC_ID: OIDC_CLIENT.id,
    AUTH_OIDC_SECRET: OIDC_CLIENT.secret,
    AUTH_SECRET: "e2e-auth-secret-0123456789abcdef0123456789",
    PORTICO_ENCRYPTION_KEY: "e2e-encryption-key-0123456789abcdef01234567",
  });
  const sql = postgres(external.url, { max: 1 });
  try {
    await portico.waitUntilReady(url);
    expect(portico.output()).not.toContain("starting the embedded PostgreSQL");
    expect(fs.existsSync(dataDir)).toBe(false);
    // Migrations and demo data went into the external database.
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from blueprints`;
    expect(row?.n).toBeGreaterThanOrEqual(4);

    await page.goto(`${url}/signin`);
    await expect(page.getByRole("button", { name: "Continue with Single sign-on" })).toBeVisible();
    await expect(page.getByText("Local demo sign-in")).toHaveCount(0);
  } finally {
    await sql.end();
    await portico.stop("SIGTERM");
    await external.stop();
    fs.rmSync(pgDir, { recursive: true, force: true });
  }
});

/** The launcher's server processes: those of its descendants that run `next start`. */
const serverProcesses = (launcherPid: number) =>
  processTree(launcherPid)
    .filter((p) => /Name:\s+next-server/.test(p.status))
    .map((p) => p.pid);

/** A GET on a connection of its own, so that the launcher hands it to the next server process in turn. */
function getOnNewConnection(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent: false, headers }, (res) => {
      res.resume();
      res.once("end", () => resolve(res.statusCode ?? 0));
    }).once("error", reject);
  });
}

test("several server processes share one port, one rate limit and one demo load; one that dies is replaced", async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portico-workers-"));
  const url = "http://localhost:3205";
  const token = "workers-e2e-token-0123456789";
  const portico = launchPortico(["start"], {
    PORT: "3205",
    AUTH_URL: url,
    PORTICO_DATA_DIR: dataDir,
    PORTICO_WORKERS: "3",
    PORTICO_API_RATE_LIMIT: "20",
    PORTICO_STATIC_TOKENS: `workers:member:${token}`,
  });
  try {
    await portico.waitUntilReady(url);
    await expect.poll(portico.output).toContain("serving on http://localhost:3205 (3 server processes)");
    const first = serverProcesses(portico.pid);
    expect(first).toHaveLength(3);
    // Three processes started on an empty database; one of them loaded the demo data.
    expect(portico.output().match(/loaded demo data into the empty database/g)).toHaveLength(1);

    // 30 requests, each on a new connection and so spread over the three processes: the limit of
    // 20 a minute is one limit, not 20 per process.
    // (The bucket refills by one every 3 s while they run, so a slow machine may see one or two more.)
    const started = Date.now();
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push(await getOnNewConnection(`${url}/api/v1/blueprints`, { authorization: `Bearer ${token}` }));
    const refilled = Math.floor(((Date.now() - started) / 60_000) * 20);
    const allowed = statuses.filter((s) => s === 200).length;
    expect(allowed).toBeGreaterThanOrEqual(20);
    expect(allowed).toBeLessThanOrEqual(20 + refilled);
    expect(refilled).toBeLessThan(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30 - allowed);

    // A server process killed outright: the others go on answering, and the launcher starts another.
    process.kill(first[0]!, "SIGKILL");
    await expect.poll(portico.output, { timeout: 30_000 }).toMatch(new RegExp(`server process ${first[0]} exited \\(SIGKILL\\): starting another`));
    for (let i = 0; i < 6; i++) expect(await getOnNewConnection(`${url}/api/health/ready`, {})).toBe(200);
    await expect.poll(() => serverProcesses(portico.pid).filter((pid) => !first.includes(pid)).length, { timeout: 60_000 }).toBe(1);
    const all = [...first, ...serverProcesses(portico.pid)];
    expect(serverProcesses(portico.pid)).toHaveLength(3);

    // Ctrl-C stops all of them, then PostgreSQL.
    expect(await portico.stop("SIGINT")).toBe(0);
    expect(portico.output()).toContain("stopping the embedded PostgreSQL");
    expect(all.filter((pid) => fs.existsSync(`/proc/${pid}`))).toHaveLength(0);
  } finally {
    await portico.stop("SIGTERM");
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
