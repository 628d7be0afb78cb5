import { expect, test } from "@playwright/test";
import { editorText, signInWithSso } from "./support";

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
  // The entity's own Scorecards tab says the same.
  await page.getByRole("navigation", { name: "Entity sections" }).getByRole("link", { name: "Scorecards" }).click();
  await expect(page).toHaveURL(/\/catalog\/service\/ledger\/scorecards$/);
  await expect(page.getByRole("region", { name: "Production readiness" })).toContainText("To reach Silver: Has an on-call rota");

  await page.goto("/teams/payments");
  await expect(page.getByRole("heading", { name: "Payments" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Ownership & docs" })).toBeVisible();
  // The team's list says what to fix: each entity's failing rules and the level they would unlock.
  await expect(page.getByRole("list", { name: "What to fix: Production readiness" })).toContainText("To reach Silver: Has an on-call rota");
});

test("an admin edits a scorecard in the form, sees who would move down before saving, and keeps the edit across the JSON editor", async ({ page }) => {
  await page.goto("/admin/scorecards/service/production-readiness");
  await signInWithSso(page, "alice");
  const whatIf = page.getByRole("region", { name: "What-if: before you save" });
  await expect(whatIf).toContainText("0 would move down");

  // A Bronze rule nobody passes drops every service to Basic.
  await page.getByRole("button", { name: "Add rule" }).click();
  const rule = page.getByRole("group", { name: "Rule rule-6" });
  await rule.getByLabel("Title").fill("Has a runbook");
  await rule.getByLabel("Level").selectOption("Bronze");
  // The rule's Query, built: a condition on the description, in words.
  const passes = rule.getByRole("group", { name: "Passes when" });
  await passes.getByRole("button", { name: "Add condition" }).click();
  await passes.getByLabel("Field").selectOption({ label: "Description" });
  await expect(passes.getByLabel("Operator")).toHaveValue("=");
  await expect(passes.getByLabel("Operator").locator("option:checked")).toHaveText("is");
  await passes.getByLabel("Value").fill("nobody");
  await expect(whatIf).toContainText(/[1-9]\d* would move down/);
  await expect(whatIf).toContainText("→ Basic");

  // The builder's JSON tab shows the same Query, and an edit there comes back to the builder.
  await passes.getByRole("tab", { name: "JSON" }).click();
  const queryJson = passes.getByRole("textbox", { name: "Query JSON" });
  await expect(queryJson).toHaveValue(/"property": "description",\s*"operator": "=",\s*"value": "nobody"/);
  await queryJson.fill('{"combinator": "or", "rules": [{"property": "description", "operator": "beginsWith", "value": "nobody at all"}]}');
  await passes.getByRole("tab", { name: "Builder" }).click();
  await expect(passes.getByLabel("Match all or any")).toHaveValue("or");
  await expect(passes.getByLabel("Operator").locator("option:checked")).toHaveText("begins with");
  await expect(passes.getByLabel("Value")).toHaveValue("nobody at all");
  // Operators fit the field: a date offers before and after (a text field offers neither).
  await passes.getByRole("button", { name: "Add condition" }).click();
  await expect(passes.getByLabel("Operator").nth(1).locator("option")).not.toContainText(["is before"]);
  const second = passes.getByLabel("Field").nth(1);
  await second.selectOption({ label: "Updated" });
  await expect(passes.getByLabel("Operator").nth(1).locator("option")).toContainText(["is before", "is after"]);

  // Form and JSON edit the same draft: the new rule survives a round trip through the JSON editor.
  const editorTabs = page.getByRole("tablist", { name: "Editor" });
  await editorTabs.getByRole("tab", { name: "JSON" }).click();
  await expect(page.getByRole("textbox", { name: "Scorecard JSON" })).toContainText('"identifier": "production-readiness"');
  await expect.poll(() => editorText(page.getByRole("textbox", { name: "Scorecard JSON" }))).toContain('"value": "nobody at all"');
  await editorTabs.getByRole("tab", { name: "Form" }).click();
  await expect(page.getByRole("group", { name: "Rule rule-6" }).getByLabel("Title")).toHaveValue("Has a runbook");
  // A duplicate identifier gets the server's field-level error, and saving waits for it to be fixed.
  await page.getByRole("group", { name: "Rule rule-6" }).getByLabel("Identifier").fill("has-repository");
  await expect(page.getByRole("alert").filter({ hasText: "has-repository is already a rule" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Save scorecard" })).toBeDisabled();
});
