import { expect, test } from "@playwright/test";
import { signInWithSso } from "./support";

test("an admin adds a required property to service and sees which entities it would make invalid", async ({ page }) => {
  await page.goto("/admin/blueprints/service");
  await signInWithSso(page, "alice");
  await expect(page.getByRole("heading", { name: "Service" })).toBeVisible();

  // Edits survive switching between the form and the JSON editor.
  await page.getByLabel("Title", { exact: true }).first().fill("Services");
  await page.getByRole("tab", { name: "JSON" }).click();
  await expect(page.getByRole("textbox", { name: "Blueprint JSON" })).toContainText('"title": "Services"');
  await page.getByRole("tab", { name: "Form" }).click();
  await expect(page.getByLabel("Title", { exact: true }).first()).toHaveValue("Services");

  await page.getByRole("button", { name: "Add property" }).click();
  const added = page.getByRole("listitem", { name: "Property property" });
  await added.getByLabel("Identifier").fill("runbook");
  const runbook = page.getByRole("listitem", { name: "Property runbook" });
  await runbook.getByLabel("Title").fill("Runbook");
  await runbook.getByLabel("Format").selectOption("url");
  await runbook.getByLabel("Required").check();


  await page.getByRole("button", { name: "Save blueprint" }).click();
  const impact = page.getByRole("dialog", { name: "This change affects existing entities" });
  await expect(impact).toBeVisible();
  await expect(impact.getByText(/^\d+ of \d+ entities would become invalid/)).toBeVisible();
  await expect(impact.getByRole("list", { name: "Affected entities" })).toContainText("/properties/runbook is required");
  await impact.getByRole("button", { name: "Cancel" }).click();
  await expect(impact).toBeHidden();
  // Nothing was saved: the form still holds the draft, the server still has the old blueprint.
  const api = await page.request.get("/api/trpc/catalog.blueprint?input=" + encodeURIComponent(JSON.stringify({ json: { identifier: "service" } })));
  expect(JSON.stringify(await api.json())).not.toContain("runbook");
});

test("a member creates a service through the generated form, fixes a bad URL, and finds it with the command palette", async ({ page }) => {
  await page.goto("/catalog/service");
  await signInWithSso(page, "bob");
  await page.getByRole("link", { name: "New service" }).click();

  await page.getByLabel("Identifier").fill("search-api");
  await page.getByLabel("Title").fill("Search API");
  await page.getByLabel("Lifecycle").selectOption("experimental");
  await page.getByLabel("Repository").fill("not a url");
  await page.getByRole("button", { name: "Create service" }).click();
  // The server's field error, under the field; nothing was created.
  await expect(page.getByText("must be an http(s) or mailto: URL")).toBeVisible();
  await expect(page).toHaveURL(/\/catalog\/service\/-\/new$/);

  await page.getByLabel("Repository").fill("https://github.com/acme/search-api");
  await page.getByRole("button", { name: "Create service" }).click();
  await expect(page).toHaveURL(/\/catalog\/service\/search-api$/);
  await expect(page.getByRole("heading", { name: "Search API" })).toBeVisible();
  // Bob's team (from his IdP group) owns it.
  await expect(page.getByText("payments", { exact: true })).toBeVisible();

  await page.goto("/");
  const palette = page.getByRole("dialog");
  // The shortcut works once the page has hydrated: press it until the palette opens.
  await expect(async () => {
    await page.keyboard.press("Control+k");
    await expect(palette).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await palette.getByPlaceholder("Search entities and pages…").fill("search");
  await expect(palette.getByRole("option", { name: /Search API/ })).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/catalog\/service\/search-api$/);
});

test("the catalog filters by facets and full-text search, with the state in the URL", async ({ page }) => {
  await page.goto("/catalog/service");
  await signInWithSso(page, "bob");
  await expect(page.getByText(/^\d+ entities/)).toBeVisible();
  await page.getByRole("group", { name: "Lifecycle" }).getByLabel("deprecated").click();
  await expect(page.getByRole("group", { name: "Lifecycle" }).getByLabel("deprecated")).toBeChecked();
  await expect(page).toHaveURL(/query=/);
  await expect(page.getByText("1 entity")).toBeVisible();
  await expect(page.getByRole("link", { name: "CI runners" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("link", { name: "CI runners" })).toBeVisible();

  await page.getByRole("button", { name: "Remove filter" }).click();
  await page.getByLabel("Search service").fill("ledger");
  await expect(page).toHaveURL(/q=ledger/);
  await expect(page.getByText("1 entity")).toBeVisible();
  await expect(page.getByRole("link", { name: "Ledger" })).toBeVisible();
});

test("an admin imports a Backstage component: its tags and links read as tags and links, and importing it again changes nothing", async ({ page }) => {
  await page.goto("/admin/import");
  await signInWithSso(page, "alice");
  const yaml = [
    "apiVersion: backstage.io/v1alpha1",
    "kind: Component",
    "metadata:",
    "  name: e2e-tagged",
    "  title: Tagged service",
    "  tags: [java, payments]",
    "  links:",
    "    - url: https://runbook.example.com/tagged",
    "      title: Runbook",
    "      icon: docs",
    "spec:",
    "  type: service",
    "  lifecycle: production",
  ].join("\n");
  await page.getByLabel("catalog-info.yaml").fill(yaml);
  await page.getByRole("button", { name: "Import" }).click();
  const report = page.getByRole("region", { name: "Import report" }).or(page.getByLabel("Import report"));
  await expect(report).toContainText("Created 1 · updated 0 · unchanged 0");

  await page.getByRole("button", { name: "Import" }).click();
  await expect(report).toContainText("Created 0 · updated 0 · unchanged 1");

  await page.goto("/catalog/service/e2e-tagged");
  await expect(page.getByRole("heading", { name: "Tagged service" })).toBeVisible();
  // In the properties and in the Links card beside them.
  const runbook = page.getByRole("link", { name: "Runbook" });
  await expect(runbook).toHaveCount(2);
  for (const link of await runbook.all()) await expect(link).toHaveAttribute("href", "https://runbook.example.com/tagged");
  await expect(page.getByText("java", { exact: true })).toBeVisible();
  await expect(page.getByText("payments", { exact: true }).first()).toBeVisible();
  await expect(page.locator("main")).not.toContainText('["java"');
  await expect(page.locator("main")).not.toContainText('"url":');
});
