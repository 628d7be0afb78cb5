import { expect, test } from "@playwright/test";
import { signInWithSso } from "./support";

test("a member opens an environment dashboard and a service's delivery tab: versions, a CrashLoopBackOff explained, CI runs, DORA", async ({ page }) => {
  await page.goto("/environments");
  await signInWithSso(page, "bob");
  await expect(page.getByRole("heading", { name: "Environments" })).toBeVisible();
  await expect(page.getByText(/Not connected: .*stg-eu-1/)).toBeVisible();
  await page.getByRole("link", { name: "Staging", exact: true }).click();

  // The staging dashboard: demo data, said so, with a crash loop explained and a fix suggested.
  await expect(page).toHaveURL(/\/environments\/staging$/);
  await expect(page.getByText(/Cluster stg-eu-1 is not connected, so this page shows demo data/)).toBeVisible();
  const payments = page.getByTestId("service-payments-api");
  await expect(payments.getByTestId("version")).toHaveText(/^1\.\d+\.\d+$/);
  await expect(payments.getByText("Container payments-api keeps crashing")).toBeVisible();
  await expect(payments.getByText(/23 times so far; Kubernetes now waits longer/)).toBeVisible();
  await expect(payments.getByText(/Suggested fix:.*kubectl logs payments-api-6f7c9d8b5-x2x7q -c payments-api --previous -n staging/)).toBeVisible();
  const pods = payments.getByRole("table", { name: "Pods of payments-api" });
  await expect(pods.getByRole("row")).toHaveCount(3);
  await expect(pods.getByRole("row", { name: /x2x7q CrashLoopBackOff No 23/ })).toBeVisible();

  // The service's delivery tab: versions across environments, CI runs, DORA, deployments.
  await payments.getByRole("link", { name: "Payments API" }).click();
  await page.getByRole("navigation", { name: "Entity sections" }).getByRole("link", { name: "Delivery" }).click();
  await expect(page).toHaveURL(/\/catalog\/service\/payments-api\/delivery$/);
  for (const env of ["dev", "staging", "production"]) await expect(page.getByTestId(`version-${env}`)).toContainText(/1\.\d+\.\d+/);
  await expect(page.getByText("GitHub is not connected: these runs are demo data.")).toBeVisible();
  const ci = page.getByRole("table", { name: "CI runs" });
  await expect(ci.getByRole("row")).toHaveCount(9);
  await expect(ci.getByText("in progress")).toBeVisible();
  await expect(page.getByTestId("dora-frequency")).toHaveText(/\/ (day|week)$/);
  await expect(page.getByTestId("dora-cfr")).toHaveText(/%$/);
  // The demo's deployments are labelled as such.
  await expect(page.getByText(/of these deployments are the demo's/)).toBeVisible();
  await expect(page.getByRole("table", { name: "Deployments" }).getByRole("row").nth(1)).toBeVisible();

  // The organisation's DORA page, narrowed to a team and a longer window.
  await page.goto("/delivery");
  await expect(page.getByTestId("dora-lead")).not.toHaveText("—");
  await page.getByLabel("Team").selectOption("payments");
  await page.getByLabel("Window").selectOption("90");
  await expect(page.getByText(/Production deployments only · \d+ services/)).toBeVisible();
  await expect(page.getByRole("figure").first()).toBeVisible();
});
