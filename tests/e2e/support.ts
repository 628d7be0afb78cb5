import { expect, type Page } from "@playwright/test";

/** Signs in through the OIDC provider's own login and consent pages. */
export async function signInWithSso(page: Page, login: string) {
  await expect(page.getByRole("heading", { name: "Sign in to your developer portal" })).toBeVisible();
  await expect(page.getByText("Local demo sign-in")).toHaveCount(0);
  await page.getByRole("button", { name: "Continue with Example SSO" }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any-password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  const consent = page.getByRole("button", { name: "Continue" });
  if (await consent.isVisible({ timeout: 5_000 }).catch(() => false)) await consent.click();
}
