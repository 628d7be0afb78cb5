import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { signInWithSso } from "./support";

// Issue 21: every page at desktop and phone width with no serious or critical axe-core violation
// (WCAG 2.1 A and AA rules). Pages that need an id take the first one their list links to.
const FIXED = [
  "/",
  "/catalog",
  "/catalog/service",
  "/catalog/service/payments-api",
  "/catalog/service/payments-api/delivery",
  "/catalog/service/payments-api/scorecards",
  "/catalog/service/payments-api/docs",
  "/catalog/service/payments-api/docs/architecture/decisions",
  "/catalog/service/payments-api/edit",
  "/catalog/service/-/new",
  "/catalog/api/payments-rest/definition",
  "/self-service",
  "/scorecards",
  "/campaigns",
  "/campaigns/-/new",
  "/approvals",
  "/runs",
  "/delivery",
  "/environments",
  "/environments/production",
  "/teams/payments",
  "/audit",
  "/insights",
  "/assistants",
  "/api-docs",
  "/admin",
  "/admin/blueprints",
  "/admin/blueprints/service",
  "/admin/blueprints/new",
  "/admin/actions",
  "/admin/actions/new",
  "/admin/scorecards",
  "/admin/scorecards/new",
  "/admin/teams",
  "/admin/teams/payments",
  "/admin/users",
  "/admin/tokens",
  "/admin/integrations",
  "/admin/import",
  "/no-such-page",
];
/** [list page, link pattern]: the first link of the list that matches is a page of its own. */
const FIRST_OF: [string, RegExp][] = [
  ["/self-service", /^\/self-service\/[^/?]+$/],
  ["/runs", /^\/runs\/[0-9a-f-]{36}$/],
  ["/scorecards", /^\/scorecards\/[^/]+\/[^/]+$/],
  ["/campaigns", /^\/campaigns\/(?!-$)[^/?]+$/],
  ["/admin/actions", /^\/admin\/actions\/(?!new$)[^/]+$/],
  ["/admin/scorecards", /^\/admin\/scorecards\/(?!new$)[^/]+\/[^/]+$/],
];

type Found = { page: string; width: number; rule: string; impact: string; help: string; targets: string[] };

async function audit(page: Page, path: string, width: number): Promise<Found[]> {
  await page.goto(path);
  await page.waitForLoadState("networkidle");
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ page: path, width, rule: v.id, impact: v.impact!, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
}

test("no serious or critical axe-core violation on any page, signed out and in, at 1440 and 390 px", async ({ page }) => {
  test.setTimeout(600_000);
  const found: Found[] = [];
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/");
  found.push(...(await audit(page, page.url().replace(/^https?:\/\/[^/]+/, ""), 1440)));
  await signInWithSso(page, "alice");
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();

  // A run of its own, so that a run's page is among them (waiting for an approval).
  await page.goto("/self-service/create-preview-environment?entity=payments-api");
  await page.getByLabel("Branch").fill("axe-check");
  await page.getByRole("combobox", { name: "Copy configuration from" }).fill("stag");
  await page.getByRole("option", { name: /Staging/ }).click();
  await page.getByRole("button", { name: "Review" }).click();
  await page.getByRole("button", { name: "Run Create a preview environment" }).click();
  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);

  const pages = [...FIXED];
  for (const [list, pattern] of FIRST_OF) {
    await page.goto(list);
    const hrefs = await page.locator("main a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
    const first = hrefs.find((h) => pattern.test(h));
    expect(first, `a link on ${list} to ${pattern}`).toBeTruthy();
    pages.push(first!);
  }
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width > 1000 ? 900 : 844 });
    for (const path of pages) found.push(...(await audit(page, path, width)));
  }
  expect(found).toEqual([]);
});
