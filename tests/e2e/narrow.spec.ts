import { expect, test } from "@playwright/test";
import { signInWithSso } from "./support";

// Issue 21, item 2: on a phone (390 px) the sidebar is a drawer behind a Menu button, and pages do not
// scroll sideways; from the `md` breakpoint up it is a column beside the page.
const PAGES = ["/", "/catalog", "/catalog/service", "/catalog/service/payments-api", "/self-service", "/scorecards", "/campaigns/on-call-everywhere", "/approvals", "/runs", "/environments", "/audit", "/insights", "/admin/blueprints"];

test("at 390 px the sidebar is a drawer, by mouse and by keyboard, and no page scrolls sideways", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/");
  await signInWithSso(page, "alice");
  const menu = page.getByRole("button", { name: "Menu", exact: true });
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(menu).toBeVisible();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(nav).toBeHidden();

  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(nav).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(nav).toBeHidden();
  await expect(menu).toBeFocused();

  // By keyboard: open, the focus moves into the drawer; following a link closes it.
  await page.keyboard.press("Enter");
  await expect(nav).toBeVisible();
  expect(await page.evaluate(() => document.activeElement?.closest("#sidebar") !== null)).toBe(true);
  await nav.getByRole("link", { name: "Catalog" }).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/catalog$/);
  await expect(nav).toBeHidden();

  const widths: Record<string, number> = {};
  for (const path of PAGES) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    widths[path] = await page.evaluate(() => document.documentElement.scrollWidth);
  }
  expect(widths).toEqual(Object.fromEntries(PAGES.map((p) => [p, 390])));

  // Wide: a column beside the page, no Menu button.
  await page.setViewportSize({ width: 1440, height: 900 });
  await expect(menu).toBeHidden();
  await expect(nav).toBeVisible();
});
