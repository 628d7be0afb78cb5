import { expect, test } from "@playwright/test";
import { signInWithSso } from "./support";

const cleanups: (() => Promise<void>)[] = [];
test.afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

test("an admin starts a campaign for a team; its member sees what is left and the next step, fixes it, and the team finishes", async ({ browser }) => {
  // The admin starts it: pass "Has an on-call rota" on Production readiness, for the payments team's services.
  const admin = await (await browser.newContext()).newPage();
  await admin.goto("/campaigns");
  await signInWithSso(admin, "alice");
  await admin.getByRole("link", { name: "New campaign" }).click();
  await admin.getByLabel("Identifier").fill("payments-on-call");
  await admin.getByLabel("Title").fill("Payments on call");
  await admin.getByLabel("Why and how").fill("Someone must be **paged** when a payment service breaks.\n\n- add the rota's URL as *On-call*");
  await admin.getByLabel("Scorecard").selectOption({ label: "Production readiness (service)" });
  await admin.getByLabel("Goal").selectOption("rules");
  await admin.getByLabel("Has an on-call rota").check();
  await admin.getByLabel("Team", { exact: true }).selectOption("payments");
  await admin.getByLabel("Due").fill("2031-01-31");
  // A due date before the start is refused in words beside the field, and nothing is started.
  await admin.getByLabel("Starts").fill("2031-02-28");
  await admin.getByRole("button", { name: "Start campaign" }).click();
  await expect(admin.getByText("must come after the start")).toBeVisible();
  await admin.getByLabel("Starts").fill("2026-01-01");
  await admin.getByRole("button", { name: "Start campaign" }).click();

  await expect(admin.getByRole("heading", { name: "Payments on call" })).toBeVisible();
  await expect(admin.getByRole("progressbar", { name: /of 4 done/ })).toBeVisible();
  await expect(admin.locator(".markdown strong")).toHaveText("paged");

  // The team's member: the campaign is listed for the team, with the open services and the next step.
  const member = await (await browser.newContext()).newPage();
  await member.goto("/campaigns?team=payments");
  await signInWithSso(member, "bob");
  await member.getByRole("link", { name: "Payments on call" }).click();
  const open = member.getByRole("list", { name: "Open entities" });
  await expect(open.getByRole("listitem")).toHaveCount(3);
  await expect(open.getByRole("listitem").filter({ hasText: "Ledger" })).toContainText("Next: Has an on-call rota");
  await expect(member.getByRole("table", { name: "Teams" }).getByRole("row", { name: /payments/i })).toContainText("1 of 4");

  // The member fixes the services (as the entity form does) and the campaign moves with them.
  const setOnCall = async (identifier: string, onCall: string | null) => {
    const response = await member.request.post("/api/trpc/catalog.updateEntity", {
      headers: { origin: new URL(member.url()).origin, "content-type": "application/json" },
      data: { json: { blueprint: "service", identifier, patch: { properties: { onCall } } } },
    });
    expect(response.ok()).toBe(true);
  };
  const fixed = ["ledger", "fraud-scoring", "payouts"];
  for (const identifier of fixed) await setOnCall(identifier, `https://oncall.example.com/${identifier}`);
  // The demo's services go back as they were for the specs after this one (one server for all of them).
  cleanups.push(async () => {
    for (const identifier of fixed) await setOnCall(identifier, null);
  });
  await member.reload();
  await expect(member.getByText(/has finished this campaign/)).toBeVisible();
  await expect(member.getByRole("table", { name: "Teams" }).getByRole("row", { name: /payments/i })).toContainText("Finished");
  await expect(member.getByRole("progressbar", { name: "4 of 4 done" })).toBeVisible();

  // Listed on the team's page and on each entity's Scorecards tab.
  await member.goto("/teams/payments");
  await expect(member.getByRole("region", { name: "Campaigns" })).toContainText("Payments on call");
  await member.goto("/catalog/service/ledger/scorecards");
  await expect(member.getByRole("region", { name: "Campaigns" }).getByRole("listitem").filter({ hasText: "Payments on call" })).toContainText("Finished");

  // It is audited as the admin started it.
  const audit = await admin.request.get(`/api/trpc/audit.list?input=${encodeURIComponent(JSON.stringify({ json: { resourceType: "campaign" } }))}`);
  expect(await audit.text()).toContain("campaign.create");
});
