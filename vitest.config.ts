import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${path.resolve(import.meta.dirname)}/` },
      // `server-only` throws outside React Server Components; tests import server modules directly.
      { find: /^server-only$/, replacement: path.resolve(import.meta.dirname, "tests/support/empty.ts") },
    ],
  },
  test: {
    include: ["{server,components,db,scripts,app}/**/*.test.ts", "tests/integration/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    // Every REST answer a test receives is checked against the operation's declared responses.
    setupFiles: ["tests/support/response-contract.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // One embedded PostgreSQL for all files; files run in parallel, each in its own database.
    pool: "forks",
    // next-auth imports `next/server` without an extension, which Node's ESM loader refuses; let Vite resolve it.
    server: { deps: { inline: ["next-auth"] } },
    reporters: ["default", ["json", { outputFile: "reports/unit.json" }]],
  },
});
