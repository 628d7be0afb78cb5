import { expect, test } from "@playwright/test";
import { signInWithSsoByKeyboard, tabTo } from "./support";

// Issue 21: the golden path by keyboard alone — sign in, find a DAY-2 action in the self-service hub, pick
// its entity and an input's entity with the combobox (WAI-ARIA: arrows move, Enter chooses and does not
// submit), run it, and approve it as another user. Every step is reached with Tab and done with keys.
test("sign in → pick an entity → run an action → approve as another user, by keyboard alone", async ({ page, browser }) => {
  await page.goto("/");
  await signInWithSsoByKeyboard(page, "bob");
  await tabTo(page, page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Self-service" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Operate what exists" })).toBeVisible();
  await tabTo(page, page.getByRole("link", { name: "Create a preview environment" }));
  await page.keyboard.press("Enter");

  // The DAY-2 action asks for its service first.
  const service = page.getByRole("combobox", { name: "The service to run it on" });
  await tabTo(page, service);
  await page.keyboard.type("payments-api");
  await expect(service).toHaveAttribute("aria-expanded", "true");
  // The first option of the search is highlighted as it comes.
  await expect.poll(async () => page.locator(`[id="${await service.getAttribute("aria-activedescendant")}"]`).innerText()).toMatch(/Payments API/);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/self-service\/create-preview-environment\?entity=payments-api$/);

  await tabTo(page, page.getByLabel("Branch"));
  await page.keyboard.type("keyboard-path");
  const copyFrom = page.getByRole("combobox", { name: "Copy configuration from" });
  await tabTo(page, copyFrom);
  // Focus opens the list: development and staging only (the picker's dataset); arrows move the highlight.
  await expect(page.getByRole("option")).toHaveCount(2);
  const highlighted = async () => {
    const id = await copyFrom.getAttribute("aria-activedescendant");
    return id ? page.locator(`[id="${id}"]`).innerText() : "";
  };
  await page.keyboard.press("ArrowDown");
  await expect.poll(highlighted).toMatch(/Development/);
  await page.keyboard.press("ArrowDown");
  await expect.poll(highlighted).toMatch(/Staging/);
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("root_copyFrom-chosen")).toHaveText("staging");
  // Enter chose the option and did not submit the step.
  await expect(page.getByRole("button", { name: "Review" })).toBeVisible();
  await tabTo(page, page.getByRole("button", { name: "Review" }));
  await page.keyboard.press("Enter");
  await tabTo(page, page.getByRole("button", { name: "Run Create a preview environment" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("run-status")).toHaveText("Waiting for approval");
  const runUrl = page.url();

  // An admin approves it, by keyboard as well.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await admin.goto("/approvals");
  await signInWithSsoByKeyboard(admin, "alice");
  // This run's own link (other tests may have left runs of the same action waiting).
  await tabTo(admin, admin.locator(`main a[href="${new URL(runUrl).pathname}"]`).first());
  await admin.keyboard.press("Enter");
  await expect(admin).toHaveURL(runUrl);
  await tabTo(admin, admin.getByLabel("Comment"));
  await admin.keyboard.type("approved from the keyboard");
  await tabTo(admin, admin.getByRole("button", { name: "Approve" }));
  await admin.keyboard.press("Enter");
  await expect(admin.getByTestId("run-status")).toHaveText("Success", { timeout: 30_000 });
  await adminContext.close();
  await expect(page.getByTestId("run-status")).toHaveText("Success", { timeout: 30_000 });
});
