import { describe, expect, it } from "vitest";
import { RateLimiter, rateLimitKey } from "./rate-limit";

describe("RateLimiter", () => {
  it("allows a burst of perMinute, then answers how long to wait, and refills over time", () => {
    let now = 0;
    const limiter = new RateLimiter(60, () => now);
    for (let i = 0; i < 60; i++) expect(limiter.take("a")).toEqual({ ok: true });
    expect(limiter.take("a")).toEqual({ ok: false, retryAfterSeconds: 1 });
    // Another caller has a bucket of its own.
    expect(limiter.take("b")).toEqual({ ok: true });
    now += 1_000;
    expect(limiter.take("a")).toEqual({ ok: true });
    expect(limiter.take("a").ok).toBe(false);
    now += 60_000;
    for (let i = 0; i < 60; i++) expect(limiter.take("a").ok).toBe(true);
  });

  it("a slow limit asks for a longer wait; 0 turns it off", () => {
    let now = 0;
    const slow = new RateLimiter(2, () => now);
    slow.take("a");
    slow.take("a");
    expect(slow.take("a")).toEqual({ ok: false, retryAfterSeconds: 30 });
    now = 15_000;
    expect(slow.take("a")).toEqual({ ok: false, retryAfterSeconds: 15 });
    const off = new RateLimiter(0);
    for (let i = 0; i < 1000; i++) expect(off.take("a").ok).toBe(true);
  });

  it("keys by a hash of the bearer token, else by address", () => {
    const key = rateLimitKey(new Headers({ authorization: "Bearer secret-token-value" }), "10.0.0.1");
    expect(key).toMatch(/^token:[A-Za-z0-9_-]{22}$/);
    expect(key).not.toContain("secret");
    expect(rateLimitKey(new Headers(), "10.0.0.1")).toBe("ip:10.0.0.1");
    expect(rateLimitKey(new Headers(), null)).toBe("ip:unknown");
  });
});
