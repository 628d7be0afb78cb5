import { z } from "zod";
import { describe, expect, it } from "vitest";
import { DomainError, postgresErrorCode, toDomainError } from "./errors";

/** What the production bundle makes of postgres's PostgresError: the same fields, another class name. */
class Xy extends Error {
  constructor(readonly code: string) {
    super("db said no");
    Object.assign(this, { severity: "ERROR", severity_local: "ERROR", routine: "x" });
  }
}

describe("toDomainError", () => {
  it("recognises PostgreSQL errors by SQLSTATE whatever their class is called, also wrapped in a cause", () => {
    expect(toDomainError(new Xy("23505"))?.code).toBe("CONFLICT");
    expect(toDomainError(new Xy("22021"))?.code).toBe("VALIDATION");
    expect(toDomainError(new Xy("22007"))?.code).toBe("VALIDATION");
    expect(toDomainError(new Xy("40P01"))?.code).toBe("CONFLICT");
    expect(toDomainError(new Error("Failed query", { cause: new Xy("22P02") }))?.code).toBe("VALIDATION");
    expect(postgresErrorCode(new Error("Failed query", { cause: new Xy("42P01") }))).toBe("42P01");
    // A server-side fault stays internal.
    expect(toDomainError(new Xy("42P01"))).toBeUndefined();
    // Something with a `code` that is not PostgreSQL's is not mistaken for it.
    expect(toDomainError(Object.assign(new Error("x"), { code: "ECONNREFUSED" }))).toBeUndefined();
  });

  it("maps a zod error that escaped a service to a 400 with JSON pointers, and keeps domain errors", () => {
    const parsed = z.object({ a: z.number() }).safeParse({ a: "x" });
    expect(toDomainError(parsed.error)).toMatchObject({ code: "VALIDATION", details: [{ path: "/a" }] });
    const domain = new DomainError("NOT_FOUND", "gone");
    expect(toDomainError(domain)).toBe(domain);
  });
});
