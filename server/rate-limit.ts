import { lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiRateLimits } from "@/db/schema";
import { log } from "./log";

export type RateVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

/** A bucket untouched this long has refilled whatever its limit: its row can go. */
const FULL_AFTER_MS = 60_000;

/**
 * A token bucket per caller in PostgreSQL (`api_rate_limits`), so that every replica and every
 * worker process counts against the same limit: `perMinute` requests a minute on average, with
 * bursts up to the same number. One statement per request, which locks only the caller's row.
 */
export class RateLimiter {
  private sweptAt: number;

  constructor(
    private readonly db: Db,
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.sweptAt = now();
  }

  /** Takes one request from `key`'s bucket: `{ok: true}`, or how many seconds until one is free. */
  async take(key: string): Promise<RateVerdict> {
    if (this.perMinute <= 0) return { ok: true };
    const now = this.now();
    this.sweepNowAndThen(now);
    const at = new Date(now).toISOString();
    const perSecond = this.perMinute / 60;
    // The bucket as refilled since its last request (never beyond full, never less for a clock behind).
    const refilled = sql`least(${this.perMinute}::float8, ${apiRateLimits.tokens} + greatest(0, extract(epoch from ${at}::timestamptz - ${apiRateLimits.updatedAt})) * ${perSecond}::float8)`;
    const [bucket] = await this.db
      .insert(apiRateLimits)
      .values({ key, tokens: this.perMinute - 1, allowed: true, updatedAt: new Date(now) })
      .onConflictDoUpdate({
        target: apiRateLimits.key,
        set: {
          allowed: sql`${refilled} >= 1`,
          tokens: sql`case when ${refilled} >= 1 then ${refilled} - 1 else ${refilled} end`,
          updatedAt: sql`greatest(${apiRateLimits.updatedAt}, ${at}::timestamptz)`,
        },
      })
      .returning({ tokens: apiRateLimits.tokens, allowed: apiRateLimits.allowed });
    if (bucket!.allowed) return { ok: true };
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket!.tokens) / perSecond)) };
  }

  /** Full buckets are the same as none: about once a minute per process, drop them so the table stays small. */
  private sweepNowAndThen(now: number) {
    if (now - this.sweptAt < FULL_AFTER_MS) return;
    this.sweptAt = now;
    this.db
      .delete(apiRateLimits)
      .where(lt(apiRateLimits.updatedAt, new Date(now - FULL_AFTER_MS)))
      .catch((error: unknown) => log.warn("could not sweep the rate-limit buckets", { error }));
  }
}
