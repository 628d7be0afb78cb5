import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { startEmbeddedPostgres } from "../../scripts/embedded-postgres";
import { launchPortico } from "../support/launch";
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
