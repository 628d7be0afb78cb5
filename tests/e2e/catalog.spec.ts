import { expect, test } from "@playwright/test";
import { searchInPalette, signInWithSso } from "./support";

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

  // The effect shows while editing, before Save: which entities the draft would make invalid, in words.
  const live = page.getByRole("status", { name: "Effect on entities" });
  await expect(live).toContainText(/\d+ of \d+ entities would become invalid/);
  await expect(live).toContainText("Properties › runbook: is required");

  await page.getByRole("button", { name: "Save blueprint" }).click();
  const impact = page.getByRole("dialog", { name: "This change affects existing entities" });
  await expect(impact).toBeVisible();
  await expect(impact.getByText(/^\d+ of \d+ entities would become invalid/)).toBeVisible();
  await expect(impact.getByRole("list", { name: "Affected entities" })).toContainText("Properties › runbook: is required");
  await expect(impact.getByRole("list", { name: "Affected entities" })).not.toContainText("/properties/");
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
  const palette = await searchInPalette(page, "search");
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
  // A word of the Ledger's own properties (its language); docs that mention the Ledger would be found too (docs.spec.ts).
  await page.getByLabel("Search service").fill("kotlin");
  await expect(page).toHaveURL(/q=kotlin/);
  await expect(page.getByText("1 entity")).toBeVisible();
  await expect(page.getByRole("link", { name: "Ledger" })).toBeVisible();
});

test("an admin plans a Backstage import, sees every problem with its place, applies the valid part, and nothing of the format is lost", async ({ page }) => {
  await page.goto("/admin/import");
  await signInWithSso(page, "alice");
  const yaml = [
    "apiVersion: backstage.io/v1alpha1",
    "kind: Component",
    "metadata:",
    "  name: e2e-tagged",
    "  title: Tagged service",
    "  tags: [java, payments]",
    "  labels: { tier: critical }",
    "  annotations:",
    "    github.com/project-slug: acme/e2e-tagged",
    "    backstage.io/techdocs-ref: dir:.",
    "  links:",
    "    - url: https://runbook.example.com/tagged",
    "      title: Runbook",
    "      icon: docs",
    "spec:",
    "  type: service",
    "  lifecycle: production",
    "  owner: group:e2e-platform",
    "  providesApis: [e2e-rest]",
    "---",
    "apiVersion: backstage.io/v1alpha1",
    "kind: API",
    "metadata: { name: e2e-rest }",
    "spec:",
    "  type: openapi",
    "  definition: |",
    "    openapi: 3.0.0",
    "    info: { title: E2E REST, version: 1.2.0 }",
    "    paths:",
    "      /orders: { get: { summary: List orders } }",
    "---",
    "apiVersion: backstage.io/v1alpha1",
    "kind: Group",
    "metadata: { name: e2e-platform }",
    "spec: { type: team, parent: platform, children: [] }",
    "---",
    "apiVersion: backstage.io/v1alpha1",
    "kind: Component",
    "metadata: { name: e2e-broken, tags: not-a-list }",
    "spec: { type: service, lifecycle: production }",
  ].join("\n");
  await page.getByLabel("catalog-info.yaml").fill(yaml);
  await page.getByRole("button", { name: "Plan import" }).click();
  const plan = page.getByLabel("Import plan");
  await expect(plan).toContainText("4 documents · 3 to create");
  await expect(plan).toContainText("nothing can be imported until they are fixed");
  const problems = plan.getByRole("table", { name: "Problems" });
  await expect(problems.getByRole("row").filter({ hasText: "component:default/e2e-broken" })).toContainText("/metadata/tags");
  await expect(problems.getByRole("row").filter({ hasText: "component:default/e2e-broken" })).toContainText("must be a list of strings");
  await expect(page.getByRole("button", { name: /^Apply/ })).toBeDisabled();

  await page.getByLabel("Import the valid documents and skip the others").check();
  await page.getByRole("button", { name: "Plan import" }).click();
  await page.getByRole("button", { name: "Apply: 3 new, 0 changed" }).click();
  const result = page.getByLabel("Import result");
  await expect(result).toContainText("3 to create");
  await expect(result.getByRole("link", { name: "e2e-tagged" })).toBeVisible();

  // The same file again: nothing to do.
  await page.getByRole("button", { name: "Plan import" }).click();
  await expect(plan).toContainText("0 to create · 0 to update · 3 unchanged");

  await page.goto("/catalog/service/e2e-tagged");
  await expect(page.getByRole("heading", { name: "Tagged service" })).toBeVisible();
  // Tags as chips, links as links (in the properties and in the Links card), annotations as a list.
  const runbook = page.getByRole("link", { name: "Runbook" });
  await expect(runbook).toHaveCount(2);
  for (const link of await runbook.all()) await expect(link).toHaveAttribute("href", "https://runbook.example.com/tagged");
  await expect(page.getByText("java", { exact: true })).toBeVisible();
  await expect(page.locator("main")).not.toContainText('["java"');
  await expect(page.locator("main")).not.toContainText('"url":');
  await expect(page.getByText("github.com/project-slug", { exact: true })).toBeVisible();
  await expect(page.getByText("acme/e2e-tagged", { exact: true })).toBeVisible();
  // Acted on: the slug is the repository; TechDocs is a link into it.
  await expect(page.getByRole("link", { name: "https://github.com/acme/e2e-tagged" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Docs (TechDocs)" })).toHaveAttribute("href", "https://github.com/acme/e2e-tagged/tree/HEAD");

  // The Definition tab: Swagger UI renders the OpenAPI reference, fetching nothing from outside the portal.
  const outside: string[] = [];
  page.on("request", (r) => {
    if (!["localhost", "127.0.0.1"].includes(new URL(r.url()).hostname) && !r.url().startsWith("data:")) outside.push(r.url());
  });
  await page.goto("/catalog/api/e2e-rest");
  await page.getByRole("navigation", { name: "Entity sections" }).getByRole("link", { name: "Definition" }).click();
  await expect(page.getByLabel("Reference").getByText("List orders")).toBeVisible();
  await expect(page.getByLabel("Reference").getByText("/orders", { exact: true })).toBeVisible();
  expect(outside).toEqual([]);
  await expect(page.getByLabel("Outline")).toContainText("E2E REST");
  await expect(page.getByLabel("Outline").getByRole("listitem")).toHaveText(/GET\s*\/orders\s*List orders/);
  await expect(page.getByLabel("Source")).toContainText("openapi: 3.0.0");

  // The group joined the team tree under the demo's platform team.
  await page.goto("/teams/platform");
  await expect(page.getByLabel("Team tree").getByRole("link", { name: "e2e-platform" })).toBeVisible();
  await page.goto("/teams/e2e-platform");
  await expect(page.getByLabel("Team tree").getByRole("link", { name: "Platform" })).toBeVisible();
});

test("an admin imports Port's action JSON on the import page, sees Port's names refused, and exports Port JSON", async ({ page }) => {
  await page.goto("/admin/import");
  await signInWithSso(page, "alice");
  const port = page.getByRole("region", { name: "Port JSON" });
  await port.getByLabel("What the file holds").selectOption("actions");
  const action = {
    identifier: "e2e_port_ping",
    title: "Ping (Port)",
    trigger: { type: "self-service", operation: "DAY-2", blueprintIdentifier: "service", userInputs: { properties: { note: { type: "string" } }, required: [] } },
    invocationMethod: { type: "WEBHOOK", url: "https://hooks.example.com/ping", body: { note: "{{ .inputs.note }}" } },
    requiredApproval: false,
  };
  await port.getByLabel("Contents", { exact: true }).fill(JSON.stringify([{ ...action, invocationMethod: { type: "KAFKA" } }]));
  await port.getByRole("button", { name: "Import" }).click();
  await expect(port.getByRole("list", { name: "Problems" })).toContainText("Item 1 › invocation method › type: Port's KAFKA backend has no counterpart");
  await port.getByLabel("Contents", { exact: true }).fill(JSON.stringify([action]));
  await port.getByRole("button", { name: "Import" }).click();
  await expect(port.getByRole("status")).toContainText("1 created, 0 updated, 0 unchanged");

  const download = page.waitForEvent("download");
  await port.getByRole("button", { name: "Export as Port JSON" }).click();
  expect((await download).suggestedFilename()).toBe("portico-port-export.json");
  await expect(port.getByRole("status").filter({ hasText: "Port cannot hold everything" })).toContainText("the action is left out");
});

test("the Definition tab renders an AsyncAPI definition with AsyncAPI's own component, fetching nothing from outside", async ({ page }) => {
  await page.goto("/admin/import");
  await signInWithSso(page, "alice");
  const definition = [
    "asyncapi: 3.0.0",
    "info: { title: E2E Events, version: 1.0.0 }",
    "channels:",
    "  orderPlaced:",
    "    address: orders.placed",
    "    messages:",
    "      placed: { payload: { type: object, properties: { id: { type: string } } } }",
    "operations:",
    "  onOrderPlaced:",
    "    action: receive",
    "    channel: { $ref: '#/channels/orderPlaced' }",
    "    summary: An order was placed",
  ];
  const yaml = [
    "apiVersion: backstage.io/v1alpha1",
    "kind: API",
    "metadata: { name: e2e-events }",
    "spec:",
    "  type: asyncapi",
    "  lifecycle: production",
    "  owner: platform",
    "  definition: |",
    ...definition.map((l) => `    ${l}`),
  ].join("\n");
  await page.getByLabel("catalog-info.yaml").fill(yaml);
  await page.getByRole("button", { name: "Plan import" }).click();
  await page.getByRole("button", { name: /^Apply/ }).click();
  await expect(page.getByLabel("Import result")).toContainText("1 to create");

  const outside: string[] = [];
  page.on("request", (r) => {
    if (!["localhost", "127.0.0.1"].includes(new URL(r.url()).hostname) && !r.url().startsWith("data:")) outside.push(r.url());
  });
  const res = await page.goto("/catalog/api/e2e-events/definition");
  // AsyncAPI's parser compiles schemas: this page's policy allows eval, and still connects nowhere but the portal.
  const csp = res!.headers()["content-security-policy"]!;
  expect(csp).toMatch(/script-src[^;]*'unsafe-eval'/);
  expect(csp).toContain("connect-src 'self'");
  const reference = page.getByLabel("Reference");
  await expect(reference.getByText("E2E Events").first()).toBeVisible();
  await expect(reference.getByText("orders.placed").first()).toBeVisible();
  expect(outside).toEqual([]);
});

test("a catalog from Port JSON sorts and filters by an aggregation property and shows calculation properties", async ({ page }) => {
  await page.goto("/admin/import");
  await signInWithSso(page, "alice");
  const port = page.getByRole("region", { name: "Port JSON" });
  const document = {
    blueprints: [
      {
        identifier: "e2ehost",
        title: "Host",
        schema: { properties: { name: { type: "string", title: "Name" } }, required: [] },
        calculationProperties: { label: { title: "Label", type: "string", calculation: '.identifier + " (" + (.properties.name // "unnamed") + ")"' } },
        aggregationProperties: { storage: { title: "Storage", type: "number", target: "e2edisk", calculationSpec: { calculationBy: "property", func: "sum", property: "gb" } } },
        relations: {},
      },
      { identifier: "e2edisk", title: "Disk", schema: { properties: { gb: { type: "number" } }, required: [] }, relations: { host: { title: "Host", target: "e2ehost", required: false, many: false } } },
    ],
    entities: [
      { identifier: "h-big", blueprint: "e2ehost", properties: { name: "db" }, relations: {} },
      { identifier: "h-small", blueprint: "e2ehost", properties: {}, relations: {} },
      { identifier: "h-none", blueprint: "e2ehost", properties: {}, relations: {} },
      { identifier: "d1", blueprint: "e2edisk", properties: { gb: 100 }, relations: { host: "h-big" } },
      { identifier: "d2", blueprint: "e2edisk", properties: { gb: 50 }, relations: { host: "h-big" } },
      { identifier: "d3", blueprint: "e2edisk", properties: { gb: 10 }, relations: { host: "h-small" } },
    ],
  };
  await port.getByLabel("Contents", { exact: true }).fill(JSON.stringify(document));
  await port.getByRole("button", { name: "Import" }).click();
  await expect(port.getByRole("status")).toContainText("created");

  await page.goto("/catalog/e2ehost?cols=%24team,storage,label");
  const rows = page.getByRole("row");
  await expect(page.getByRole("cell", { name: "h-big (db)" })).toBeVisible();
  await page.getByRole("button", { name: "Storage" }).click();
  await expect(page).toHaveURL(/sort=storage%3Aasc/);
  await expect(rows.nth(1)).toContainText("h-none");
  await expect(rows.nth(3)).toContainText("h-big");
  await expect(rows.nth(3)).toContainText("150");
  // The calculation column has no sort button: jq runs on each page, not in the search.
  await expect(page.getByRole("columnheader", { name: "Label" }).getByRole("button")).toHaveCount(0);

  await page.getByRole("button", { name: "Add filter" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a filter" });
  await dialog.getByLabel("Field").selectOption({ label: "Storage" });
  await dialog.getByLabel("Operator").selectOption(">");
  await dialog.getByLabel("Value").fill("20");
  await dialog.getByRole("button", { name: "Apply filter" }).click();
  await expect(page.getByText("1 entity")).toBeVisible();
  await expect(page.getByRole("cell", { name: "h-big (db)" })).toBeVisible();
  // The applied filter reads in words.
  await expect(page.getByText("Storage is more than 20")).toBeVisible();
});
