import { expect, test } from "@playwright/test";
import { signInWithSso } from "./support";

test("a member fills an action form with an entity picker, fixes a field error, an admin approves, the run succeeds with logs", async ({ page, browser }) => {
  await page.goto("/catalog/service/payments-api");
  await signInWithSso(page, "bob");
  const actions = page.getByRole("region", { name: "Actions" });
  await actions.getByRole("link", { name: "Create a preview environment (approval)" }).click();
  await expect(page.getByRole("heading", { name: "Create a preview environment" })).toBeVisible();

  // A branch name the schema refuses: the field says why, and the form stays on its step.
  await page.getByLabel("Branch").fill("Feature_Login");
  const picker = page.getByRole("combobox", { name: "Copy configuration from" });
  await picker.fill("stag");
  await page.getByRole("option", { name: /Staging/ }).click();
  await expect(page.getByTestId("root_copyFrom-chosen")).toHaveText("staging");
  await expect(page.getByLabel("Lifetime (hours)")).toHaveValue("24");
  await page.getByRole("button", { name: "Review" }).click();
  // In words, with the field's description: never the regex.
  await expect(page.getByText("does not fit: Lowercase letters, digits and dashes")).toBeVisible();
  await expect(page.getByText(/must match|\^\[/)).toHaveCount(0);
  await page.getByLabel("Branch").fill("feat-login");
  await page.getByRole("button", { name: "Review" }).click();

  // The review step, then the run's page.
  await expect(page.getByText("This action needs an approval before it runs")).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: "feat-login" })).toBeVisible();
  await page.getByRole("button", { name: "Run Create a preview environment" }).click();
  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("run-status")).toHaveText("Waiting for approval");
  const runUrl = page.url();

  // An admin sees it in the approval queue and approves it.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await admin.goto("/approvals");
  await signInWithSso(admin, "alice");
  await expect(admin.getByTestId("approval-badge")).toHaveText(/[1-9]/);
  // This run's own link (other tests may have left runs of the same action waiting).
  await admin.locator(`main a[href="${new URL(runUrl).pathname}"]`).first().click();
  await expect(admin).toHaveURL(runUrl);
  await admin.getByLabel("Comment").fill("ok for a day");
  await admin.getByRole("button", { name: "Approve" }).click();
  await expect(admin.getByTestId("run-status")).toHaveText("Success", { timeout: 30_000 });
  await adminContext.close();

  // The requester's page follows the run to its end without a reload: status, result and logs.
  await expect(page.getByTestId("run-status")).toHaveText("Success", { timeout: 30_000 });
  await expect(page.getByTestId("run-summary")).toHaveText("Created environment preview-payments-api-feat-login");
  const logs = page.getByTestId("run-logs");
  await expect(logs).toContainText("Approved by alice@example.com: ok for a day");
  await expect(logs).toContainText("Status: SUCCESS");
  await expect(page.getByRole("link", { name: "preview-payments-api-feat-login" })).toBeVisible();

  // The run's inputs under their titles, not their keys.
  await expect(page.getByRole("term").filter({ hasText: "Copy configuration from" })).toBeVisible();
  // The log reads oldest first; "Run again" opens the form filled in with this run's inputs.
  const lines = await logs.locator("li").allInnerTexts();
  expect(lines[0]).toContain("Requested by bob@example.com");
  await page.getByRole("link", { name: "Run again" }).click();
  await expect(page.getByLabel("Branch")).toHaveValue("feat-login");
  await expect(page.getByTestId("root_copyFrom-chosen")).toHaveText("staging");
  await expect(page.getByLabel("Lifetime (hours)")).toHaveValue("24");
});

test("the self-service page lists CREATE actions with search, and an admin's action editor checks the draft", async ({ page }) => {
  await page.goto("/self-service");
  await signInWithSso(page, "alice");
  await expect(page.getByRole("link", { name: "Create a service from a template" })).toBeVisible();
  await page.getByLabel("Search actions").fill("nothing-like-this");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page.getByText("No action matches")).toBeVisible();

  await page.goto("/admin/actions/deploy");
  await expect(page.getByLabel("Title")).toHaveValue("Deploy a version");
  await page.getByLabel("Execute teams").fill("no-such-team");
  await expect(page.getByRole("list", { name: "Problems" })).toContainText("team no-such-team does not exist");
  await expect(page.getByRole("button", { name: "Save action" })).toBeDisabled();
});
