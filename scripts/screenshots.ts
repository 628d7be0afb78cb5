/**
 * `npm run screenshots -- <out-dir>`: the pages a first-day user meets, at 1440 and 390 px wide, as a
 * demo admin of a running Portico (`npm start`; BASE_URL, default http://localhost:3000). One JPEG per page
 * and width in <out-dir> (default docs/screenshots), for looking at a change by eye: home, catalog, an
 * entity, self-service, a run, a scorecard and the admin editors. Uses the system Chromium
 * (CHROMIUM_PATH, default /usr/bin/chromium), as the browser tests do. SCREENSHOT_TYPE=png writes PNG;
 * SCREENSHOT_PAGES=docs,insights takes only the pages named.
 */
import fs from "node:fs";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";

const BASE_URL = process.env.BASE_URL ?? "http://localhost:3000";
/** SCREENSHOT_PAGES=docs,insights takes only those. */
const ONLY = process.env.SCREENSHOT_PAGES?.split(",");
const OUT = path.resolve(process.argv[2] ?? "docs/screenshots");
/** SCREENSHOT_TYPE=png: lossless files for a close look; JPEG (the default) keeps a committed set small. */
const PNG = process.env.SCREENSHOT_TYPE === "png";
const widths = [
  { name: "1440", width: 1440, height: 900 },
  { name: "390", width: 390, height: 844 },
];

// `full`: the whole page, for the editors whose builders run below the fold.
const pages: { name: string; path: string | ((page: Page) => Promise<string>); full?: boolean }[] = [
  { name: "home", path: "/" },
  { name: "catalog", path: "/catalog/service" },
  { name: "entity", path: "/catalog/service/payments-api" },
  { name: "self-service", path: "/self-service" },
  { name: "action-choose", path: "/self-service/create-preview-environment" },
  { name: "action-form", path: "/self-service/create-preview-environment?entity=payments-api" },
  {
    name: "run",
    // The newest run the runs page lists; on a fresh demo, one started as the form starts it (it waits for an approval).
    path: async (page) => {
      const newest = async () => {
        await page.goto(`${BASE_URL}/runs`);
        return page.locator('main a[href^="/runs/"]').first().getAttribute("href", { timeout: 5_000 }).catch(() => null);
      };
      const href = await newest();
      if (href) return href;
      const started = await page.request.post(`${BASE_URL}/api/trpc/actions.run`, {
        headers: { origin: BASE_URL, "content-type": "application/json" },
        data: { json: { action: "create-preview-environment", entity: "payments-api", inputs: { branch: "screenshots", copyFrom: "staging", hours: 24 } } },
      });
      if (!started.ok()) console.warn(`could not start a run for the screenshot: HTTP ${started.status()}`);
      return (await newest()) ?? "/runs";
    },
  },
  { name: "scorecard", path: "/scorecards/service/production-readiness" },
  { name: "campaign", path: "/campaigns/on-call-everywhere", full: true },
  { name: "insights", path: "/insights", full: true },
  { name: "docs", path: "/catalog/service/payments-api/docs", full: true },
  { name: "docs-image", path: "/catalog/service/payments-api/docs/architecture/decisions" },
  { name: "admin-scorecard", path: "/admin/scorecards/service/production-readiness", full: true },
  { name: "admin-action", path: "/admin/actions/create-preview-environment", full: true },
  { name: "admin-blueprint", path: "/admin/blueprints/service" },
];

async function signIn(page: Page) {
  await page.goto(`${BASE_URL}/signin`);
  // The first demo user whose role is admin.
  await page.getByRole("button", { name: /Sign in as .*admin/ }).first().click();
  await page.waitForURL((url) => !url.pathname.startsWith("/signin"));
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" });
  try {
    for (const { name: size, width, height } of widths) {
      const context = await browser.newContext({ viewport: { width, height }, colorScheme: "light" });
      const page = await context.newPage();
      await signIn(page);
      for (const { name, path: where, full = false } of pages.filter((p) => !ONLY || ONLY.includes(p.name))) {
        const target = typeof where === "string" ? where : await where(page);
        await page.goto(`${BASE_URL}${target}`);
        await page.waitForLoadState("networkidle").catch(() => undefined);
        const file = path.join(OUT, `${name}-${size}.${PNG ? "png" : "jpg"}`);
        await page.screenshot(PNG ? { path: file, type: "png", fullPage: full } : { path: file, type: "jpeg", quality: 70, fullPage: full });
        process.stdout.write(`${path.relative(process.cwd(), file)}  ${target}\n`);
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
