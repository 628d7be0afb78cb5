import path from "node:path";
import { defineConfig } from "@playwright/test";
import { OIDC_CLIENT, OIDC_ISSUER, PORTAL_PORT, PORTAL_URL, STATIC_TOKEN } from "./tests/e2e/ports";

const dataDir = path.join(".portico-test", "e2e");

export default defineConfig({
  testDir: "tests/e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  reporter: [["list"], ["json", { outputFile: "reports/e2e.json" }]],
  use: {
    baseURL: PORTAL_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      // A system Chromium (apt-get install chromium); Playwright never downloads a browser here.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: [
    {
      command: "npx tsx tests/e2e/oidc-server.ts",
      url: `${OIDC_ISSUER}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      stdout: "ignore",
    },
    {
      // The real start path: the launcher builds if needed, starts embedded PostgreSQL, serves with `next start`.
      // Its logs go to a file, which the secrets test reads (and CI prints when a test fails).
      command: `rm -rf ${dataDir} && mkdir -p reports && npx tsx scripts/portico.ts start > reports/e2e-portal.log 2>&1`,
      url: `${PORTAL_URL}/api/health/ready`,
      timeout: 420_000,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
      env: {
        PORT: String(PORTAL_PORT),
        AUTH_URL: PORTAL_URL,
        PORTICO_DATA_DIR: dataDir,
        AUTH_OIDC_ISSUER: OIDC_ISSUER,
        AUTH_OIDC_ID: OIDC_CLIENT.id,
        AUTH_OIDC_SECRET: OIDC_CLIENT.secret,
        AUTH_OIDC_NAME: "Example SSO",
        PORTICO_ADMIN_GROUPS: "portico-admins",
        PORTICO_STATIC_TOKENS: `e2e:admin:${STATIC_TOKEN}`,
        NEXT_TELEMETRY_DISABLED: "1",
      },
    },
  ],
});
