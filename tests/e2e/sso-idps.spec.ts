import { expect, test, type Page } from "@playwright/test";
import { startGitHubOAuth } from "../support/github-oauth";
import { startIdp, type Idp, type IdpStyle } from "../support/idp";
import { PORTAL_PORT } from "./ports";
import { startPortalServer } from "./server";

/**
 * Sign-in through identity providers that behave as Keycloak, Okta and Entra ID do by default
 * (tests/support/idp.ts), and GitHub's OAuth flow, each against its own production server: who
 * becomes admin and joins which team, the account-takeover attempts, a change at the IdP reaching a
 * live session within the re-validation interval, an IdP that stops vouching, sign-out ending the
 * IdP's session, and an admin ending a user's sessions.
 */

const REVALIDATE_SECONDS = 2;
const ENTRA_PAYMENTS = "6F1C0E9A-57B2-4C52-9E4F-0D1B7A2C3E4F";
type Portal = Awaited<ReturnType<typeof startPortalServer>>;

async function startStyle(style: IdpStyle, port: number, accounts: Parameters<typeof startIdp>[1]["accounts"], env: Record<string, string> = {}) {
  const portalUrl = `http://localhost:${port}`;
  const idp = await startIdp(style, { portalUrl, accounts });
  const portal = await startPortalServer(port, {
    AUTH_OIDC_ISSUER: idp.issuer,
    AUTH_OIDC_ID: idp.client.id,
    AUTH_OIDC_SECRET: idp.client.secret,
    AUTH_OIDC_NAME: style,
    PORTICO_ENCRYPTION_KEY: `${style}-encryption-key-0123456789-abcdef`,
    PORTICO_SESSION_REVALIDATE_SECONDS: String(REVALIDATE_SECONDS),
    ...env,
  });
  return { idp, portal };
}

async function signIn(page: Page, portal: Portal, button: string, login?: string) {
  await page.goto(`${portal.url}/signin`);
  await page.getByRole("button", { name: `Continue with ${button}` }).click();
  if (login) {
    // At the IdP: its login form, unless it still has a session and sends the browser straight back.
    await page.waitForURL((url) => url.origin !== portal.url);
    const form = page.locator('input[name="login"]');
    const back = page.waitForURL((url) => url.origin === portal.url).then(() => "back" as const);
    if ((await Promise.race([form.waitFor().then(() => "form" as const), back])) === "form") {
      await form.fill(login);
      await page.locator('input[name="password"]').fill("any-password");
      await page.getByRole("button", { name: "Sign-in" }).click();
      const consent = page.getByRole("button", { name: "Continue" });
      const done = page.waitForURL((url) => url.origin === portal.url).then(() => "back" as const);
      if ((await Promise.race([consent.waitFor().then(() => "consent" as const), done])) === "consent") await consent.click();
    }
  }
  // Back at the portal: signed in, or on the sign-in page with the reason it was refused.
  await page.waitForURL(
    (url) => url.origin === portal.url && !url.pathname.startsWith("/api/auth") && (url.pathname !== "/signin" || url.searchParams.has("error")),
  );
  await page.waitForLoadState();
}

/** The signed-in user as the server sees them now (tRPC `me.get`), or the HTTP status. */
async function me(page: Page, portal: Portal) {
  const res = await page.request.get(`${portal.url}/api/trpc/me.get`);
  if (res.status() !== 200) return res.status();
  const user = (await res.json()).result.data.json as { email: string; role: string; teamIds: string[] };
  return { email: user.email, role: user.role, teamIds: user.teamIds };
}

/** Waits out the re-validation interval, then asks again (the next request re-validates). */
async function afterRevalidation(page: Page, portal: Portal) {
  await page.waitForTimeout(REVALIDATE_SECONDS * 1000 + 300);
  await me(page, portal);
  return me(page, portal);
}

test.describe.serial("Keycloak-style IdP: claims at userinfo, full group paths, unverified addresses", () => {
  let idp: Idp;
  let portal: Portal;
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    ({ idp, portal } = await startStyle("keycloak", PORTAL_PORT + 10, {
      kadmin: { name: "Kim Admin", email: "kim@acme.test", emailVerified: true, groups: ["/platform-admins", "/teams/payments"] },
      kdev: { name: "Kai Dev", email: "kai@acme.test", groups: ["/teams/checkout"] },
      attacker: { name: "Not Kim", email: "KIM@acme.test", emailVerified: false, groups: [] },
      demo: { name: "Ada?", email: "ada@portico.local", emailVerified: false, groups: [] },
    }, { PORTICO_ADMIN_GROUPS: "platform-admins" }));
  });
  test.afterAll(async () => {
    await portal?.stop();
    await idp?.stop();
  });

  test("an admin from a full group path signs in with claims read from userinfo", async ({ page }) => {
    await signIn(page, portal, "keycloak", "kadmin");
    expect(await me(page, portal)).toEqual({ email: "kim@acme.test", role: "admin", teamIds: ["payments"] });
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toBeVisible();
    expect(portal.output()).toContain('"msg":"signed in"');
  });

  test("account takeover: an unverified address equal to an existing user's is refused", async ({ page }) => {
    await signIn(page, portal, "keycloak", "attacker");
    await expect(page.locator("main").getByRole("alert")).toContainText("has not verified your email address");
    expect(await me(page, portal)).toBe(401);
    expect(portal.output()).toContain('"reason":"UnverifiedEmail"');
  });

  test("account takeover: the demo admin's address is nobody special once SSO is configured", async ({ page }) => {
    await signIn(page, portal, "keycloak", "demo");
    expect(await me(page, portal)).toEqual({ email: "ada@portico.local", role: "member", teamIds: [] });
  });

  test("a group removed at the IdP takes effect within the interval; a deleted account ends the session", async ({ page }) => {
    await signIn(page, portal, "keycloak", "kadmin");
    expect(await me(page, portal)).toMatchObject({ role: "admin" });
    idp.accounts.kadmin!.groups = ["/teams/payments"];
    expect(await afterRevalidation(page, portal)).toEqual({ email: "kim@acme.test", role: "member", teamIds: ["payments"] });
    delete idp.accounts.kadmin;
    expect(await afterRevalidation(page, portal)).toBe(401);
    await page.goto(`${portal.url}/`);
    await expect(page).toHaveURL(/\/signin/);
    expect(portal.output()).toContain("session ended: the identity provider no longer vouches for the user");
  });

  test("signing out ends the IdP's session too (RP-initiated logout)", async ({ page }) => {
    await signIn(page, portal, "keycloak", "kdev");
    expect(await me(page, portal)).toEqual({ email: "kai@acme.test", role: "member", teamIds: ["checkout"] });
    await page.goto(`${portal.url}/`);
    await page.getByRole("button", { name: "User menu" }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    // The IdP asks before ending its session (oidc-provider always does; Keycloak does without a trusted id_token_hint).
    await page.getByRole("button", { name: "Yes, sign me out" }).click();
    await expect(page.getByText("You are signed out.")).toBeVisible();
    expect(idp.logouts).toHaveLength(1);
    expect(await me(page, portal)).toBe(401);
    // The IdP asks for the password again: its session is gone.
    await page.getByRole("button", { name: "Continue with keycloak" }).click();
    await expect(page.locator('input[name="login"]')).toBeVisible();
  });
});

test.describe.serial("Okta-style IdP and GitHub: groups in the ID token, no refresh token, linking by verified address", () => {
  let idp: Idp;
  let portal: Portal;
  let github: Awaited<ReturnType<typeof startGitHubOAuth>>;
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    const gh = { clientId: "Iv1.e2e-github-client", clientSecret: "e2e-github-oauth-secret-not-real" };
    github = await startGitHubOAuth({
      ...gh,
      accounts: {
        octo: { id: 101, login: "octo", name: "Olga Octo", publicEmail: null, emails: [{ email: "olga@acme.test", primary: true, verified: true }] },
        mallory: {
          id: 102,
          login: "mallory",
          name: "Mallory",
          publicEmail: null,
          emails: [
            { email: "olga@acme.test", primary: true, verified: false },
            { email: "mallory@evil.test", primary: false, verified: true },
          ],
        },
      },
    });
    ({ idp, portal } = await startStyle("okta", PORTAL_PORT + 11, {
      oadmin: { name: "Olga Admin", email: "olga@acme.test", groups: ["portico-admins", "payments"] },
      odev: { name: "Otto Dev", email: "otto@acme.test", groups: ["payments"] },
    }, { PORTICO_ADMIN_GROUPS: "portico-admins", AUTH_GITHUB_ID: gh.clientId, AUTH_GITHUB_SECRET: gh.clientSecret, AUTH_GITHUB_URL: github.url }));
  });
  test.afterAll(async () => {
    await portal?.stop();
    await idp?.stop();
    await github?.stop();
  });

  test("an absent groups claim changes nothing and is logged; a present, empty one removes", async ({ page }) => {
    await signIn(page, portal, "okta", "oadmin");
    expect(await me(page, portal)).toEqual({ email: "olga@acme.test", role: "admin", teamIds: ["payments"] });
    idp.accounts.oadmin!.noGroupsClaim = true;
    expect(await afterRevalidation(page, portal)).toEqual({ email: "olga@acme.test", role: "admin", teamIds: ["payments"] });
    expect(portal.output()).toContain('claim \\"groups\\" is absent: team memberships and admin role left unchanged');
    idp.accounts.oadmin!.noGroupsClaim = false;
    idp.accounts.oadmin!.groups = [];
    expect(await afterRevalidation(page, portal)).toEqual({ email: "olga@acme.test", role: "member", teamIds: [] });
    idp.accounts.oadmin!.groups = ["portico-admins", "payments"];
    expect(await afterRevalidation(page, portal)).toMatchObject({ role: "admin", teamIds: ["payments"] });
  });

  test("GitHub sign-in links to the user with the same verified address; an unverified one does not", async ({ page, browser }) => {
    github.state.signedIn = "octo";
    await signIn(page, portal, "GitHub");
    expect(await me(page, portal)).toEqual({ email: "olga@acme.test", role: "admin", teamIds: ["payments"] });
    expect(github.state.requests).toEqual(expect.arrayContaining(["GET /login/oauth/authorize", "POST /login/oauth/access_token", "GET /api/v3/user", "GET /api/v3/user/emails"]));

    const other = await browser.newPage();
    github.state.signedIn = "mallory";
    await signIn(other, portal, "GitHub");
    expect(await me(other, portal)).toEqual({ email: "mallory@evil.test", role: "member", teamIds: [] });
    await other.close();

    // Revoking Portico at GitHub ends the session at the next re-validation.
    github.revoke("octo");
    expect(await afterRevalidation(page, portal)).toBe(401);
  });

  test("an admin ends another user's sessions: that user is signed out at their next request", async ({ page, browser }) => {
    const dev = await browser.newPage();
    await signIn(dev, portal, "okta", "odev");
    expect(await me(dev, portal)).toMatchObject({ email: "otto@acme.test", role: "member" });

    await signIn(page, portal, "okta", "oadmin");
    await page.goto(`${portal.url}/admin/users`);
    await expect(page.getByLabel("Live sessions of otto@acme.test")).toHaveText("1");
    await page.getByRole("button", { name: "End sessions of otto@acme.test" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Ended 1 session" })).toBeVisible();
    expect(await me(dev, portal)).toBe(401);
    await dev.goto(`${portal.url}/`);
    await expect(dev).toHaveURL(/\/signin/);
    await dev.close();
  });
});

test.describe.serial("Entra-style IdP: no email claim, app roles for admin, group object ids for teams", () => {
  let idp: Idp;
  let portal: Portal;
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    ({ idp, portal } = await startStyle("entra", PORTAL_PORT + 12, {
      eadmin: { name: "Ann Admin", username: "Ann@Contoso.test", roles: ["Portico.Admin"], groups: [] },
      edev: { name: "Dev Eloper", username: "dev@contoso.test", groups: [ENTRA_PAYMENTS] },
      svc: { name: "Build bot", username: "svc-build", groups: [] },
    }, {
      AUTH_OIDC_SCOPE: "openid profile email offline_access",
      AUTH_OIDC_EMAIL_FROM_USERNAME: "true",
      AUTH_OIDC_TRUST_EMAIL: "true",
      PORTICO_ADMIN_CLAIM: "roles",
      PORTICO_ADMIN_GROUPS: "Portico.Admin",
    }));
  });
  test.afterAll(async () => {
    await portal?.stop();
    await idp?.stop();
  });

  test("the admin comes from an app role; a team maps to a group object id", async ({ page, browser }) => {
    await signIn(page, portal, "entra", "eadmin");
    expect(await me(page, portal)).toEqual({ email: "ann@contoso.test", role: "admin", teamIds: [] });
    // The admin maps the payments team to the Entra group's object id (as Entra shows it, upper case).
    const update = await page.request.post(`${portal.url}/api/trpc/teams.update`, { data: { json: { id: "payments", title: "Payments", idpGroup: ENTRA_PAYMENTS } } });
    expect(update.status()).toBe(200);

    const dev = await browser.newPage();
    idp.accounts.edev!.groups = [ENTRA_PAYMENTS.toLowerCase()];
    await signIn(dev, portal, "entra", "edev");
    expect(await me(dev, portal)).toEqual({ email: "dev@contoso.test", role: "member", teamIds: ["payments"] });
    await dev.close();

    // The app role is unassigned in Entra: the refreshed ID token no longer has it.
    idp.accounts.eadmin!.roles = [];
    expect(await afterRevalidation(page, portal)).toMatchObject({ role: "member" });
  });

  test("no email-shaped claim at all: a sign-in error that names the missing claim", async ({ page }) => {
    await signIn(page, portal, "entra", "svc");
    await expect(page.locator("main").getByRole("alert")).toContainText("did not send the claim Portico needs: email (or an email-shaped preferred_username or upn)");
    expect(await me(page, portal)).toBe(401);
  });
});
