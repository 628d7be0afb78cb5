import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import postgres from "postgres";
import { OIDC_CLIENT, OIDC_ISSUER, PORTAL_PORT, STATIC_TOKEN } from "./ports";
import { startPortalServer } from "./server";
import { signInWithSso } from "./support";

// Issue 7, items 6 and 8: headers, cookies, CSRF and rate limiting on the running production server,
// and no configured secret in the client bundle, in any response, or in the logs.

/** A tRPC mutation or query over HTTP with the page's session, as the browser client sends it. */
async function trpc(page: Page, procedure: string, input: unknown, type: "query" | "mutation" = "mutation") {
  const res =
    type === "mutation"
      ? await page.request.post(`/api/trpc/${procedure}`, { data: { json: input } })
      : await page.request.get(`/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
  return { status: res.status(), body: await res.text() };
}

test("pages and APIs send a nonce CSP with frame-ancestors 'none' and the hardening headers; the session cookie is HttpOnly and SameSite=Lax", async ({ page, context }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(m.text())) violations.push(m.text());
  });
  await page.goto("/");
  await signInWithSso(page, "bob");
  const res = await page.goto("/catalog/service");
  await expect(page.getByRole("heading", { name: /Service/ }).first()).toBeVisible();
  const headers = res!.headers();
  const csp = headers["content-security-policy"]!;
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("base-uri 'self'");
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(/script-src[^;]*'unsafe-inline'/.test(csp)).toBe(false);
  expect(/script-src[^;]*'unsafe-eval'/.test(csp)).toBe(false);
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-powered-by"]).toBeUndefined();
  // Each response has its own nonce.
  const again = (await page.request.get("/catalog/service")).headers()["content-security-policy"]!;
  expect(again.match(/nonce-([^']+)/)![1]).not.toBe(csp.match(/nonce-([^']+)/)![1]);
  // The page works under that policy: React hydrated (a client-side filter answers) and nothing was refused.
  await page.getByRole("searchbox").first().fill("payments");
  await expect(page).toHaveURL(/q=payments/);
  expect(violations).toEqual([]);

  const api = await page.request.get("/api/v1/openapi.json");
  expect(api.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(api.headers()["x-frame-options"]).toBe("DENY");
  // The REST fast path (catalog reads answered before Next.js routes them) sends the same headers.
  for (const path of ["/api/v1/blueprints/service/entities?limit=1", "/api/v1/blueprints/service/entities/payments-api", "/api/v1/blueprints/service/facets?property=lifecycle", "/api/v1/blueprints/service/entities/nope"]) {
    const fast = await page.request.get(path, { headers: { authorization: `Bearer ${STATIC_TOKEN}` } });
    const h = fast.headers();
    expect(h["content-type"], path).toContain("application/json");
    expect([h["content-security-policy"], h["x-frame-options"], h["x-content-type-options"], h["referrer-policy"], h["permissions-policy"], h["cross-origin-opener-policy"]], path).toEqual([
      "default-src 'none'; frame-ancestors 'none'", "DENY", "nosniff", "strict-origin-when-cross-origin", "camera=(), microphone=(), geolocation=(), payment=()", "same-origin",
    ]);
    expect(h["x-request-id"], path).toMatch(/^[0-9a-f-]{36}$/);
  }
  // So do tRPC queries (answered there too, with the session of the cookie).
  const query = await page.request.get("/api/trpc/me.get,catalog.blueprint?batch=1&input=" + encodeURIComponent(JSON.stringify({ 1: { json: { identifier: "service" } } })));
  expect(query.status()).toBe(200);
  const [me, blueprint] = (await query.json()) as [{ result: { data: { json: { email: string } } } }, { result: { data: { json: { identifier: string } } } }];
  expect([me.result.data.json.email, blueprint.result.data.json.identifier]).toEqual(["bob@example.com", "service"]);
  const q = query.headers();
  expect([q["content-security-policy"], q["x-frame-options"], q["x-content-type-options"], q["cross-origin-opener-policy"]]).toEqual(["default-src 'none'; frame-ancestors 'none'", "DENY", "nosniff", "same-origin"]);
  expect(q["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  expect(q["set-cookie"]).toBeUndefined();

  const session = (await context.cookies()).find((c) => c.name === "authjs.session-token");
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false, path: "/" });
});

test("sign-out and sign-in without the CSRF token do nothing; with it they work", async ({ page }) => {
  await page.goto("/");
  await signInWithSso(page, "bob");
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();

  // A forged sign-out (another site's form has no token from our cookie) leaves the session alone.
  const forged = await page.request.post("/api/auth/signout", { form: { callbackUrl: "/" }, maxRedirects: 0 });
  expect(forged.status()).toBe(302);
  expect(forged.headers().location).toContain("error=MissingCSRF");
  expect(((await (await page.request.get("/api/auth/session")).json()) as { user?: { email?: string } }).user?.email).toBe("bob@example.com");

  // A forged sign-in does not start a login at the identity provider.
  const forgedSignIn = await page.request.post("/api/auth/signin/oidc", { form: { callbackUrl: "/" }, maxRedirects: 0 });
  expect(forgedSignIn.headers().location ?? "").not.toContain(OIDC_ISSUER);

  // With the token from our own cookie, both go through.
  const { csrfToken } = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const signIn = await page.request.post("/api/auth/signin/oidc", { form: { csrfToken, callbackUrl: "/" }, maxRedirects: 0 });
  expect(signIn.headers().location).toContain(`${OIDC_ISSUER}/auth?`);
  const signOut = await page.request.post("/api/auth/signout", { form: { csrfToken, callbackUrl: "/" }, maxRedirects: 0 });
  expect(signOut.status()).toBe(302);
  expect(await (await page.request.get("/api/auth/session")).json()).toBeNull();
});

test("behind https (AUTH_URL https://…) the auth cookies are Secure, host-bound and HttpOnly, and the session is read only from the __Secure- cookie", async () => {
  test.setTimeout(180_000);
  const port = PORTAL_PORT + 8;
  const server = await startPortalServer(port, { AUTH_URL: `https://localhost:${port}`, PORTICO_ENCRYPTION_KEY: "https-encryption-key-0123456789-abcdef" });
  try {
    const csrf = await fetch(`${server.url}/api/auth/csrf`);
    const csrfCookie = csrf.headers.getSetCookie().find((c) => c.startsWith("__Host-authjs.csrf-token="))!;
    expect(csrfCookie).toMatch(/; HttpOnly/);
    expect(csrfCookie).toMatch(/; Secure/);
    expect(csrfCookie).toMatch(/; SameSite=Lax/i);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    // Sign in as a demo user (the embedded database offers them) and look at the session cookie.
    const sql = postgres(server.databaseUrl, { max: 1, onnotice: () => {} });
    const [user] = await sql`select id from users order by email limit 1`;
    await sql.end();
    const signIn = await fetch(`${server.url}/api/auth/callback/demo`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie.split(";")[0]! },
      body: new URLSearchParams({ csrfToken, userId: String(user!.id), callbackUrl: "/" }),
    });
    const session = signIn.headers.getSetCookie().find((c) => c.startsWith("__Secure-authjs.session-token="));
    expect(session, `set-cookie: ${signIn.headers.getSetCookie().join(" | ")}`).toBeTruthy();
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; Secure/);
    expect(session).toMatch(/; SameSite=Lax/i);
    // The session works under that name (a tRPC query and a page), and not under the unprefixed one,
    // which a plain-http response on the same host could have set.
    const value = session!.split(";")[0]!.split("=").slice(1).join("=");
    const me = await fetch(`${server.url}/api/trpc/me.get`, { headers: { cookie: `__Secure-authjs.session-token=${value}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { result: { data: { json: { id: string } } } }).result.data.json.id).toBe(String(user!.id));
    const page = await fetch(`${server.url}/catalog`, { redirect: "manual", headers: { cookie: `__Secure-authjs.session-token=${value}` } });
    expect(page.status).toBe(200);
    expect((await fetch(`${server.url}/api/trpc/me.get`, { headers: { cookie: `authjs.session-token=${value}` } })).status).toBe(401);
  } finally {
    await server.stop();
  }
});

test("the REST API answers 429 with Retry-After once a token has used its requests per minute; other tokens go on", async ({ request }) => {
  const token = `Bearer rate-limit-probe-${Date.now()}`;
  const statuses: number[] = [];
  let limited: Awaited<ReturnType<typeof request.get>> | undefined;
  // The default PORTICO_API_RATE_LIMIT is 600 a minute, with bursts of as many.
  for (let i = 0; i < 700 && !limited; i += 50) {
    const batch = await Promise.all(Array.from({ length: 50 }, () => request.get("/api/v1/blueprints", { headers: { authorization: token } })));
    statuses.push(...batch.map((r) => r.status()));
    limited = batch.find((r) => r.status() === 429);
  }
  expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(600);
  expect(limited).toBeTruthy();
  expect(Number(limited!.headers()["retry-after"])).toBeGreaterThanOrEqual(1);
  expect(await limited!.json()).toEqual({ error: { code: "RATE_LIMITED", message: expect.stringMatching(/^Too many requests; try again in \d+ s$/) } });
  // Another caller is not held up by that one.
  expect((await request.get("/api/v1/blueprints", { headers: { authorization: `Bearer ${STATIC_TOKEN}` } })).status()).toBe(200);
});

test("no configured secret is in the client bundle, in any response, or in the logs", async ({ page }) => {
  test.setTimeout(180_000);
  const local = JSON.parse(fs.readFileSync(".portico-test/e2e/secrets.json", "utf8")) as { authSecret: string; encryptionKey: string };
  const secrets: Record<string, string> = {
    AUTH_OIDC_SECRET: OIDC_CLIENT.secret,
    AUTH_SECRET: local.authSecret,
    PORTICO_ENCRYPTION_KEY: local.encryptionKey,
    PORTICO_STATIC_TOKENS: STATIC_TOKEN,
    "GitHub token": "ghp_e2eGitHubTokenThatMustNeverShow0123",
    "cluster token": "k8s-e2e-cluster-token-that-must-never-show",
    "GitLab token": "glpat-e2eGitLabTokenThatMustNeverShow0123",
    "webhook signing secret": "e2e-webhook-signing-secret-never-shown",
  };
  const bodies: { url: string; text: string }[] = [];
  page.on("response", async (r) => {
    const text = await r.text().catch(() => "");
    bodies.push({ url: r.url(), text: `${JSON.stringify(r.headers())}\n${text}` });
  });

  await page.goto("/");
  await signInWithSso(page, "alice");
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  // An admin enters the integration secrets; each goes through the API and must never come back.
  // The probes point at loopback, which the outbound guard refuses until an admin allows it.
  expect((await trpc(page, "integrations.saveWebhooks", { allowlist: ["hooks.example.com", "localhost"], signingSecret: secrets["webhook signing secret"] })).status).toBe(200);
  expect((await trpc(page, "integrations.saveGithub", { org: "acme", apiUrl: "http://localhost:9/api/v3", token: secrets["GitHub token"] })).status).toBe(200);
  expect((await trpc(page, "integrations.putCluster", { name: "secret-probe", server: "https://localhost:9", token: secrets["cluster token"] })).status).toBe(200);
  expect((await trpc(page, "integrations.saveGitlab", { url: "http://localhost:9", token: secrets["GitLab token"] })).status).toBe(200);
  // An error path too: testing the unreachable cluster and GitLab fails, and says so without their tokens.
  bodies.push({ url: "testCluster", text: (await trpc(page, "integrations.testCluster", { name: "secret-probe" })).body });
  bodies.push({ url: "testGitlab", text: (await trpc(page, "integrations.testGitlab", undefined)).body });

  for (const route of ["/", "/catalog", "/catalog/service", "/catalog/service/payments-api", "/scorecards", "/self-service", "/runs", "/environments", "/delivery", "/audit", "/api-docs", "/admin/integrations", "/admin/tokens", "/admin/users", "/admin/teams", "/admin/blueprints", "/admin/actions", "/assistants"]) {
    await page.goto(route);
    await page.waitForLoadState("networkidle");
  }
  for (const [procedure, input] of [
    ["integrations.github", undefined],
    ["integrations.gitlab", undefined],
    ["integrations.clusters", undefined],
    ["integrations.webhooks", undefined],
    ["audit.list", { limit: 200 }],
    ["tokens.list", undefined],
  ] as const) {
    bodies.push({ url: procedure, text: (await trpc(page, procedure, input, "query")).body });
  }
  for (const route of ["/api/v1/audit-log?limit=200", "/api/v1/blueprints", "/api/v1/actions/deploy", "/api/v1/openapi.json", "/api/v1/blueprints/service/entities?limit=5"]) {
    const res = await page.request.get(route, { headers: { authorization: `Bearer ${STATIC_TOKEN}` } });
    bodies.push({ url: route, text: await res.text() });
  }
  const audit = await page.request.get("/api/audit-log/export");
  bodies.push({ url: "audit csv", text: await audit.text() });
  expect(bodies.length).toBeGreaterThan(50);

  const leaks = (where: string, text: string) => Object.entries(secrets).filter(([, value]) => text.includes(value)).map(([name]) => `${name} in ${where}`);
  expect(bodies.flatMap((b) => leaks(b.url, b.text))).toEqual([]);

  // The client bundle, as built by the launcher with these settings in its environment.
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(js|css|html|rsc|json|txt|map)$/.test(e.name)) files.push(p);
    }
  };
  walk(".next/static");
  walk(".next/server/app");
  expect(files.filter((f) => f.startsWith(".next/static")).length).toBeGreaterThan(10);
  expect(files.flatMap((f) => leaks(f, fs.readFileSync(f, "utf8")))).toEqual([]);

  // The logs of the server that handled all of the above.
  const logs = fs.readFileSync("reports/e2e-portal.log", "utf8");
  expect(logs).toContain('"msg":"request"');
  expect(leaks("reports/e2e-portal.log", logs)).toEqual([]);

  // Leave no probe cluster for later tests.
  expect((await trpc(page, "integrations.deleteCluster", { name: "secret-probe" })).status).toBe(200);
});
