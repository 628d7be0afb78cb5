import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@/db/client";
import { RateLimiter } from "@/server/rate-limit";
import { PEER_HEADER } from "@/server/request";
import { createTestDatabase } from "../support/db";

const { db, url } = await createTestDatabase();
process.env.PORTICO_EMBEDDED_DATABASE_URL = url;
process.env.PORTICO_STATIC_TOKENS = "ci:admin:static-admin-secret-0123,other:member:static-other-secret-0123";
process.env.PORTICO_API_RATE_LIMIT = "5";
process.env.PORTICO_TRUSTED_PROXIES = "10.9.0.0/16";
const blueprintsRoute = await import("@/app/api/v1/blueprints/route");
// A second connection pool stands for another replica (or worker process) of the portal.
const other = createDb(url, { max: 2 });
afterAll(() => other.end({ timeout: 5 }));

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

  // Issue 16, item 7: the REST limiter keys on who authenticated, and on the address for failed authentication.
  const get = (authorization: string | null, peer: string, forwardedFor?: string) =>
    blueprintsRoute.GET(
      new Request("http://localhost/api/v1/blueprints", {
        headers: { ...(authorization ? { authorization } : {}), [PEER_HEADER]: peer, ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}) },
      }),
    );

  it("a token that rotates its address or forwarded headers still runs out (the limit is 5 a minute)", async () => {
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await get("Bearer static-admin-secret-0123", `192.0.2.${i + 1}`, `198.51.100.${i}`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    // Another token is not held up by that one.
    expect((await get("Bearer static-other-secret-0123", "192.0.2.1")).status).toBe(200);
  });

  it("made-up tokens from one address run out as one caller, whatever the token; forged X-Forwarded-For from an untrusted peer changes nothing", async () => {
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await get(`Bearer made-up-${i}-0000000000000000`, "203.0.113.7", `198.51.100.${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    // Another address still gets its 401s.
    expect((await get("Bearer made-up-again-0000000000000", "203.0.113.8")).status).toBe(401);
  });

  it("behind a trusted proxy, the forwarded client address is the one that runs out", async () => {
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await get(`Bearer made-up-${i}-1111111111111111`, "10.9.0.1", "203.0.113.50, 10.9.0.2")).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    // The proxy's other clients are their own callers.
    expect((await get("Bearer made-up-x-1111111111111111", "10.9.0.1", "203.0.113.51")).status).toBe(401);
  });
});
