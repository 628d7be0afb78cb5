import { expect, test } from "@playwright/test";
import { searchInPalette, signInWithSso } from "./support";

// Issue 22, part 3: the docs beside a service (the demo data's, as GitHub is not connected on this server;
// reading them from a repository is tests/integration/docs.test.ts, against a GitHub API on loopback).
test("a developer reads a service's docs: navigation, highlighted code, a diagram, an image, links between pages", async ({ page }) => {
  await page.goto("/catalog/service/payments-api");
  await signInWithSso(page, "bob");
  await page.getByRole("navigation", { name: "Entity sections" }).getByRole("link", { name: "Docs" }).click();
  await expect(page).toHaveURL(/\/catalog\/service\/payments-api\/docs$/);
  const article = page.getByRole("article", { name: "Payments API" });
  await expect(article.getByRole("heading", { name: "How a payment flows" })).toBeVisible();
  // The ```mermaid block is drawn as a diagram; the Go block is highlighted.
  await expect(article.getByRole("img", { name: "Diagram" }).locator("svg")).toBeVisible();
  await expect(article.locator("pre code.hljs .hljs-keyword").first()).toHaveText("if");
  await expect(page.getByText(/Demo docs · last synced/)).toBeVisible();
  // A relative link opens the page in Portico; the navigation follows.
  await article.getByRole("link", { name: "runbook" }).click();
  await expect(page).toHaveURL(/\/docs\/runbook$/);
  await expect(page.getByRole("navigation", { name: "Docs pages" }).getByRole("link", { name: "Runbook" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("article", { name: "Runbook" }).getByRole("heading", { name: "First steps" })).toBeVisible();
  // An image of the docs, served through Portico.
  await page.getByRole("navigation", { name: "Docs pages" }).getByRole("link", { name: "Decisions" }).click();
  const image = page.getByRole("img", { name: /Checkout calls the Payments API/ });
  await expect(image).toHaveAttribute("src", /^\/api\/docs\/service\/payments-api\/asset\?path=img%2Fpayment-flow\.svg$/);
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  // A page that is not there says so, with the way home.
  await page.goto("/catalog/service/payments-api/docs/no-such-page");
  await expect(page.getByText("This page is not in the docs")).toBeVisible();
});

test("docs are found by the catalog's search and by Ctrl-K", async ({ page }) => {
  await page.goto("/catalog/service?q=idempotency");
  await signInWithSso(page, "bob");
  // A word only the docs hold finds the service.
  await expect(page.getByRole("link", { name: "Payments API" })).toBeVisible();
  await page.goto("/");
  const palette = await searchInPalette(page, "idempotency");
  await palette.getByRole("option", { name: /Architecture decisions/ }).click();
  await expect(page).toHaveURL(/\/catalog\/service\/payments-api\/docs\/architecture\/decisions$/);
  await expect(page.getByRole("heading", { name: "ADR-001: Idempotency keys on every write" })).toBeVisible();
});
