import { expect, test } from "@playwright/test";
import { signInWithSso } from "./support";

test("an admin reads adoption insights for a team and a period, and downloads a table as CSV; a member may not", async ({ browser }) => {
  const admin = await (await browser.newContext()).newPage();
  await admin.goto("/insights");
  await signInWithSso(admin, "alice");
  await expect(admin.getByRole("heading", { name: "Insights" })).toBeVisible();
  // Signing in just now makes the admin one of this week's active users (recorded beside the request that signed in).
  await admin.reload();
  await expect(admin.getByRole("region", { name: "Weekly active users", exact: true }).getByTestId("insight-value")).toHaveText(/^[1-9]\d*$/);
  await expect(admin.getByRole("region", { name: "Active users", exact: true }).getByRole("figure")).toBeVisible();
  for (const section of ["Golden paths", "Time to production", "Catalog completeness", "Scorecard movement"]) {
    await expect(admin.getByRole("region", { name: section, exact: true })).toBeVisible();
  }
  // The demo's services: how many have an owner, a description, docs and a repository.
  const byBlueprint = admin.getByRole("region", { name: "Completeness by blueprint" });
  await expect(byBlueprint.getByRole("row", { name: /^Service/ })).toContainText("100%");

  // Filters live in the URL and narrow every figure.
  await admin.getByRole("combobox", { name: "Team" }).selectOption("payments");
  await expect(admin).toHaveURL(/team=payments/);
  await admin.getByRole("combobox", { name: "Period" }).selectOption("90");
  await expect(admin).toHaveURL(/days=90/);
  await expect(admin.getByRole("region", { name: "Weekly active users by team" }).getByRole("row")).toHaveCount(2);

  // The CSV link downloads the table on screen, for the same filters.
  const link = admin.getByRole("region", { name: "Catalog completeness", exact: true }).getByRole("link", { name: "CSV" });
  await expect(link).toHaveAttribute("href", /section=completeness&days=90&team=payments/);
  const csv = await admin.request.get((await link.getAttribute("href"))!);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect((await csv.text()).split("\n")[0]).toBe('"blueprint","team","entities","with_owner","with_description","with_docs","with_repository"');

  // A member sees no Insights in the navigation, is refused the page and the download.
  const member = await (await browser.newContext()).newPage();
  await member.goto("/insights");
  await signInWithSso(member, "bob");
  await expect(member.getByText("Adoption insights is not open to you")).toBeVisible();
  await expect(member.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Insights" })).toHaveCount(0);
  expect((await member.request.get("/api/insights/export?section=completeness")).status()).toBe(403);
});
