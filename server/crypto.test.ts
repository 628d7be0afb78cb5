import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret } from "./crypto";

const key = "k".repeat(40);

describe("stored secrets", () => {
  it("round-trip, differ each time, and never contain the plain text", () => {
    const a = encryptSecret("ghp_secret_token", key);
    const b = encryptSecret("ghp_secret_token", key);
    expect(a).not.toBe(b);
    expect(a).not.toContain("ghp_secret_token");
    expect(decryptSecret(a, key)).toBe("ghp_secret_token");
  });
  it("refuse a wrong key or tampered data", () => {
    const a = encryptSecret("x", key);
    expect(() => decryptSecret(a, "other".repeat(10))).toThrow();
    expect(() => decryptSecret(a.slice(0, -2) + "AA", key)).toThrow();
  });
});
