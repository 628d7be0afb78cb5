import { expect, test } from "@playwright/test";
import { signInWithSso } from "./support";

test("the demo scorecards show levels on the index, the scorecard page, an entity and a team", async ({ page }) => {
  await page.goto("/scorecards");
  await signInWithSso(page, "bob");
  await page.getByRole("link", { name: "Production readiness" }).click();
  await expect(page.getByRole("heading", { name: "Production readiness" })).toBeVisible();
  await expect(page.getByText("Rubric: pass rate of each rule")).toBeVisible();
  await expect(page.getByRole("cell", { name: /Has an on-call rota/ })).toContainText("×2");
  // The entity list filters by failing rule from the URL.
  await page.getByRole("link", { name: "Has an on-call rota" }).click();
  await expect(page.getByRole("link", { name: "Ledger" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Payments API" })).toBeHidden();

  await page.getByRole("link", { name: "Ledger" }).click();
  const card = page.getByRole("region", { name: "Production readiness" });
  // Ledger has a repository but no on-call rota: Bronze, and the rota is what Silver needs.
  await expect(card).toContainText("Bronze");
  await expect(card).toContainText("To reach Silver: Has an on-call rota");

  await page.goto("/teams/payments");
  await expect(page.getByRole("heading", { name: "Payments" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Ownership & docs" })).toBeVisible();
});

test("an admin edits a scorecard and sees who would move down before saving", async ({ page }) => {
  await page.goto("/admin/scorecards/service/production-readiness");
  await signInWithSso(page, "alice");
  const editor = page.getByRole("textbox", { name: "Scorecard JSON" });
  await expect(editor).toContainText('"identifier": "production-readiness"');
  const whatIf = page.getByRole("region", { name: "What-if: before you save" });
  await expect(whatIf).toContainText("0 would move down");
  // A Bronze rule nobody passes drops every service to Basic.
  await editor.click();
  await page.keyboard.press("ControlOrMeta+End");
  for (let i = 0; i < 2; i++) await page.keyboard.press("ArrowUp");
  await page.keyboard.press("End");
  await page.keyboard.insertText(`, {"identifier": "has-runbook", "title": "Has a runbook", "level": "Bronze", "query": {"combinator": "and", "rules": [{"property": "description", "operator": "=", "value": "nobody"}]}}`);
  await expect(whatIf).toContainText(/[1-9]\d* would move down/);
  await expect(whatIf).toContainText("→ Basic");
});
