import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@/db/client";
import { RateLimiter, rateLimitKey } from "@/server/rate-limit";
import { createTestDatabase } from "../support/db";

const { db, url } = await createTestDatabase();
// A second connection pool stands for another replica (or worker process) of the portal.
const other = createDb(url, { max: 2 });
afterAll(() => other.client.end({ timeout: 5 }));

const buckets = async () => (await db.execute<{ key: string }>(sql`select key from api_rate_limits order by key`)).map((r) => r.key);

describe("RateLimiter (token buckets in PostgreSQL)", () => {
  it("allows a burst of perMinute, then answers how long to wait, and refills over time", async () => {
    let now = Date.parse("2026-11-21T10:00:00Z");
    const limiter = new RateLimiter(db, 60, () => now);
    for (let i = 0; i < 60; i++) expect(await limiter.take("burst")).toEqual({ ok: true });
    expect(await limiter.take("burst")).toEqual({ ok: false, retryAfterSeconds: 1 });
    // Another caller has a bucket of its own.
    expect(await limiter.take("burst-other")).toEqual({ ok: true });
    now += 1_000;
    expect(await limiter.take("burst")).toEqual({ ok: true });
    expect((await limiter.take("burst")).ok).toBe(false);
    now += 60_000;
    for (let i = 0; i < 60; i++) expect((await limiter.take("burst")).ok).toBe(true);
  });

  it("a slow limit asks for a longer wait; a refused request takes nothing; 0 turns it off", async () => {
    let now = Date.parse("2026-11-21T10:00:00Z");
    const slow = new RateLimiter(db, 2, () => now);
    await slow.take("slow");
    await slow.take("slow");
    expect(await slow.take("slow")).toEqual({ ok: false, retryAfterSeconds: 30 });
    now += 15_000;
    expect(await slow.take("slow")).toEqual({ ok: false, retryAfterSeconds: 15 });
    now += 15_000;
    expect(await slow.take("slow")).toEqual({ ok: true });
    const off = new RateLimiter(db, 0);
    for (let i = 0; i < 100; i++) expect((await off.take("off")).ok).toBe(true);
    expect(await buckets()).not.toContain("off");
  });

  it("is one limit across replicas, also when their requests arrive at the same moment", async () => {
    const now = Date.parse("2026-11-21T11:00:00Z");
    const first = new RateLimiter(db, 30, () => now);
    const second = new RateLimiter(other.db, 30, () => now);
    const verdicts = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? first : second).take("shared")));
    expect(verdicts.filter((v) => v.ok)).toHaveLength(30);
    expect(verdicts.filter((v) => !v.ok)).toHaveLength(10);
  });

  it("forgets buckets that have refilled, about once a minute", async () => {
    let now = Date.parse("2026-11-21T12:00:00Z");
    const limiter = new RateLimiter(db, 10, () => now);
    await limiter.take("idle");
    expect(await buckets()).toContain("idle");
    now += 61_000;
    await limiter.take("busy");
    await expect.poll(buckets).not.toContain("idle");
    expect(await buckets()).toContain("busy");
  });

  it("keys by a hash of the bearer token, else by address", () => {
    const key = rateLimitKey(new Headers({ authorization: "Bearer secret-token-value" }), "10.0.0.1");
    expect(key).toMatch(/^token:[A-Za-z0-9_-]{22}$/);
    expect(key).not.toContain("secret");
    expect(rateLimitKey(new Headers(), "10.0.0.1")).toBe("ip:10.0.0.1");
    expect(rateLimitKey(new Headers(), null)).toBe("ip:unknown");
  });
});
