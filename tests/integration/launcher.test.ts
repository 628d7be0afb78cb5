import { describe, expect, it } from "vitest";
import { launchPortico } from "../support/launch";

describe("npm start", () => {
  it("refuses a real DATABASE_URL without single sign-on, saying how to configure it, before starting anything", async () => {
    const portico = launchPortico(["start"], {
      DATABASE_URL: "postgres://portico@db.invalid:5432/portico",
      AUTH_SECRET: "x".repeat(32),
      PORTICO_ENCRYPTION_KEY: "y".repeat(32),
    });
    expect(await portico.exited).toBe(1);
    expect(portico.output()).toContain("DATABASE_URL: a real DATABASE_URL needs single sign-on: set AUTH_OIDC_ISSUER");
    expect(portico.output()).toContain("See the Configuration table in README.md.");
    expect(portico.output()).not.toContain("starting the embedded PostgreSQL");
  });

  it("names a bad value and exits", async () => {
    const portico = launchPortico(["start"], { PORT: "eighty" });
    expect(await portico.exited).toBe(1);
    expect(portico.output()).toContain("PORT: must be a port number");
  });
});
