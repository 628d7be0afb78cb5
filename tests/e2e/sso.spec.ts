import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { signInWithSso } from "./support";

test("an admin from the IdP's admin group signs in, lands on the page they asked for, sees the admin section, and signs out", async ({ page }) => {
  await page.goto("/audit?resourceType=user");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Faudit%3FresourceType%3Duser/);

  await signInWithSso(page, "alice");

  await expect(page).toHaveURL(/\/audit\?resourceType=user$/);
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Admin" })).toBeVisible();
  // Her first sign-in created her user, audited, and the page filtered to users shows it.
  await expect(page.getByRole("cell", { name: "user.create" }).first()).toBeVisible();
  await expect(page.getByRole("row", { name: /alice@example.com.*user.sign-in/ }).first()).toBeVisible();

  // The filtered events export as CSV.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  const csv = fs.readFileSync((await download.path())!, "utf8").trim().split("\n");
  expect(csv[0]).toBe("id,at,actor_id,actor,action,resource_type,resource_id,origin,request_id,client_request_id,ip,diff");
  expect(csv.slice(1).every((line) => line.includes('"user"'))).toBe(true);
  expect(csv.some((line) => line.includes('"user.sign-in"') && line.includes('"alice@example.com"'))).toBe(true);

  await nav.getByRole("link", { name: "Admin" }).click();
  await expect(page.getByRole("heading", { name: "Teams" })).toBeVisible();
  await page.getByRole("link", { name: "Users and roles" }).click();
  const alice = page.getByRole("row", { name: /alice@example.com/ });
  await expect(alice.getByRole("combobox", { name: "Role of alice@example.com" })).toHaveValue("admin");
  await expect(alice.getByText("from IdP")).toBeVisible();

  // Dark mode: the theme cycles system → light → dark and survives a reload (cookie, rendered by the server).
  await page.getByRole("button", { name: "User menu" }).click();
  await page.getByRole("menuitem", { name: "Switch theme" }).click();
  await expect(page.locator("html")).toHaveClass(/\blight\b/);
  await page.getByRole("menuitem", { name: "Theme: light" }).click();
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await page.keyboard.press("Escape");
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);

  await page.getByRole("button", { name: "User menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  // Signing out of Portico ends the IdP's session too (RP-initiated logout), after the IdP asks.
  await page.getByRole("button", { name: "Yes, sign me out" }).click();
  await expect(page.getByText("You are signed out.")).toBeVisible();
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2F$/);
});

test("a user outside the admin group sees no admin section and gets 403 from an admin API", async ({ page }) => {
  await page.goto("/");
  await signInWithSso(page, "bob");

  await expect(page.getByRole("heading", { name: "Welcome, Bob Builder" })).toBeVisible();
  // The IdP group "payments" matches the demo team "payments": Bob sees his team and its services.
  await expect(page.getByText("Card processing, payouts and ledgers.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Payments API" })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Catalog" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Admin" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Audit log" })).toHaveCount(0);

  const create = await page.request.post("/api/trpc/teams.create", {
    data: { json: { id: "bobs-team", title: "Bob's team" } },
  });
  expect(create.status()).toBe(403);
  expect((await create.json()).error.json.data.code).toBe("FORBIDDEN");
  const audit = await page.request.get("/api/audit-log/export");
  expect(audit.status()).toBe(403);

  await page.goto("/admin/teams");
  await expect(page.getByText("You do not have access")).toBeVisible();
});

test("anonymous API calls get 401 and health endpoints answer without auth", async ({ request }) => {
  expect((await request.get("/api/trpc/me.get")).status()).toBe(401);
  expect((await request.get("/api/audit-log/export")).status()).toBe(401);
  expect(await (await request.get("/api/health")).json()).toEqual({ status: "ok" });
  expect(await (await request.get("/api/health/ready")).json()).toEqual({ status: "ok", checks: { database: "ok", migrations: "ok" } });
  const page = await request.get("/signin");
  expect(page.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(page.headers()["x-content-type-options"]).toBe("nosniff");
  expect(page.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(page.headers()["x-request-id"]).toBeTruthy();
});
