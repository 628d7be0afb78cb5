import { createHash } from "node:crypto";

/**
 * A token bucket per caller, kept in this process: `perMinute` requests a minute on average, with
 * bursts up to the same number. Each replica counts for itself, so N replicas allow N times as much.
 */
export class RateLimiter {
  private buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one request from `key`'s bucket: `{ok: true}`, or how many seconds until one is free. */
  take(key: string): { ok: true } | { ok: false; retryAfterSeconds: number } {
    if (this.perMinute <= 0) return { ok: true };
    const now = this.now();
    const perMs = this.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 10_000) this.forgetFull(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) };
  }

  /** Buckets that have refilled are the same as no bucket: drop them so the map stays small. */
  private forgetFull(now: number) {
    for (const [key, b] of this.buckets) {
      if (b.tokens + (now - b.at) * (this.perMinute / 60_000) >= this.perMinute) this.buckets.delete(key);
    }
  }
}

/** Who a REST request counts against: its bearer token (hashed, never kept), else its address. */
export function rateLimitKey(headers: Headers, ip: string | null): string {
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.get("authorization") ?? "")?.[1]?.trim();
  if (bearer) return `token:${createHash("sha256").update(bearer).digest("base64url").slice(0, 22)}`;
  return `ip:${ip ?? "unknown"}`;
}
