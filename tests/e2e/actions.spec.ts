import { expect, test } from "@playwright/test";
import { editorText, signInWithSso } from "./support";

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
  const consoleErrors: string[] = [];
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
  await page.getByRole("button", { name: "Review" }).click();
  // In words, with the field's description: never the regex; the field with the error has the focus, and nothing is logged.
  await expect(page.getByText("does not fit: Lowercase letters, digits and dashes")).toBeVisible();
  await expect(page.getByText(/must match|\^\[/)).toHaveCount(0);
  await expect(page.getByLabel("Branch")).toBeFocused();
  expect(consoleErrors).toEqual([]);
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
  await expect(page.getByLabel("Title", { exact: true }).first()).toHaveValue("Deploy a version");
  await page.getByLabel("Execute teams").fill("no-such-team");
  await expect(page.getByRole("list", { name: "Problems" })).toContainText("team no-such-team does not exist");
  await expect(page.getByRole("button", { name: "Save action" })).toBeDisabled();
});

test("an admin builds an action's form in cards beside a live preview: an entity picker's dataset in words, a field shown only when another is filled", async ({ page }) => {
  // The preview validates with ajv, which compiles schemas: this page's policy must allow it, or fields never show.
  const refused: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/.test(m.text())) refused.push(m.text());
  });
  await page.goto("/admin/actions");
  await signInWithSso(page, "alice");
  await page.getByRole("link", { name: "Create a preview environment" }).click();

  // The demo's entity picker, read into the builder: its blueprint and which entities it offers, in words.
  const copyFrom = page.getByRole("group", { name: "Input Copy configuration from" });
  await expect(copyFrom.getByLabel("Kind")).toHaveValue("entity");
  await expect(copyFrom.getByLabel("Picks from")).toHaveValue("environment");
  const dataset = copyFrom.getByRole("group", { name: "Which entities it offers" });
  await expect(dataset.getByLabel("Operator").locator("option:checked")).toHaveText("is one of");
  await expect(dataset.getByLabel("Value")).toHaveValue("development, staging");
  const preview = page.getByRole("region", { name: "Preview of the form" });
  await expect(preview.getByLabel("Branch")).toBeVisible();

  // A new input: a required choice that shows only once a branch is given.
  await page.getByRole("button", { name: "Add input" }).click();
  await page.getByRole("group", { name: "Input New input" }).getByLabel("Title").fill("Reason");
  const reason = page.getByRole("group", { name: "Input Reason" });
  await reason.getByLabel("Key").fill("reason");
  await reason.getByLabel("Key").press("Enter");
  await reason.getByLabel("Required").check();
  await reason.getByLabel("Choices").fill("feature, bugfix");
  await reason.getByLabel("Choices").press("Tab");
  await reason.getByRole("button", { name: "Show it only when…" }).click();
  const shown = reason.getByRole("group", { name: "Shown only when" });
  await shown.getByRole("button", { name: "Add condition" }).click();
  await shown.getByLabel("Field").selectOption({ label: "Branch" });
  await shown.getByLabel("Operator").selectOption({ label: "is not empty" });

  // The preview is the real form: Reason appears once Branch has a value, with the choices given.
  await expect(preview.getByLabel("Reason")).toHaveCount(0);
  await preview.getByLabel("Branch").fill("feature-x");
  await expect(preview.getByLabel("Reason")).toBeVisible();
  await expect(preview.getByLabel("Reason").locator("option")).toContainText(["feature", "bugfix"]);

  // The builder wrote the JSON that the JSON tab shows, and the server finds nothing wrong with it.
  const editorTabs = page.getByRole("tablist", { name: "Editor" });
  await editorTabs.getByRole("tab", { name: "JSON" }).click();
  const json = page.getByRole("textbox", { name: "Action JSON" });
  await expect.poll(() => editorText(json)).toContain('"reason": {');
  await expect.poll(() => editorText(json)).toContain('"enum": [');
  await expect.poll(() => editorText(json)).toContain('"operator": "isNotEmpty"');
  await editorTabs.getByRole("tab", { name: "Form" }).click();
  await expect(page.getByRole("group", { name: "Input Reason" }).getByLabel("Required")).toBeChecked();
  await expect(page.getByRole("list", { name: "Problems" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Save action" })).toBeEnabled();

  // The admin's own words for a value that does not fit (errorMessage), in the preview as in the real form.
  await page.getByRole("group", { name: "Input Branch" }).getByLabel("Message when it does not fit").fill("Only lowercase letters, digits and dashes, please");
  await preview.getByLabel("Branch").fill("Feature X");
  await preview.getByRole("button", { name: "Review" }).click();
  await expect(preview.getByText("Only lowercase letters, digits and dashes, please")).toBeVisible();
  await expect(preview.getByText(/does not fit|pattern/)).toHaveCount(0);
  expect(refused).toEqual([]);
});

test("an admin sets what a run does in a form per kind: a workflow's inputs as named templates, written to the same JSON", async ({ page }) => {
  await page.goto("/admin/actions/deploy");
  await signInWithSso(page, "alice");

  const invocation = page.getByRole("group", { name: "What a run does" });
  await expect(invocation.getByLabel("Runs as").locator("option:checked")).toHaveText("GitHub Actions workflow");
  await expect(invocation.getByLabel("Workflow", { exact: true })).toHaveValue("deploy.yml");
  const inputs = invocation.getByRole("group", { name: "Workflow inputs" });
  await expect(inputs.getByLabel("Workflow inputs: version", { exact: true })).toHaveValue("{{ inputs.version }}");

  // One more input, as JSON (a number), and one removed.
  await inputs.getByRole("button", { name: "Add workflow input" }).click();
  await inputs.getByLabel("Workflow inputs: name").last().fill("replicas");
  await inputs.getByLabel("Workflow inputs: replicas", { exact: true }).fill("3");
  await inputs.getByLabel("Workflow inputs: replicas is").selectOption("json");
  await inputs.getByRole("button", { name: "Remove environment" }).click();

  const editorTabs = page.getByRole("tablist", { name: "Editor" });
  await editorTabs.getByRole("tab", { name: "JSON" }).click();
  const json = page.getByRole("textbox", { name: "Action JSON" });
  await expect.poll(() => editorText(json)).toContain('"replicas": 3');
  await expect.poll(() => editorText(json)).not.toContain('"environment": "{{ inputs.environment }}"');
  await editorTabs.getByRole("tab", { name: "Form" }).click();
  await expect(invocation.getByRole("group", { name: "Workflow inputs" }).getByLabel("Workflow inputs: replicas is")).toHaveValue("json");

  // Another kind starts from its own settings; a missing URL is named in words by the server.
  await invocation.getByLabel("Runs as").selectOption({ label: "Webhook" });
  await expect(invocation.getByLabel("Method")).toHaveValue("POST");
  await expect(invocation.getByLabel("Sign each request (X-Portico-Signature, HMAC-SHA256)")).toBeChecked();
  await expect(invocation.getByLabel("URL")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("button", { name: "Save action" })).toBeDisabled();
  await invocation.getByLabel("URL").fill("https://hooks.example.com/deploy");
  await expect(page.getByRole("list", { name: "Problems" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Save action" })).toBeEnabled();
});
