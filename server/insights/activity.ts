import { userActivityDays } from "@/db/schema";
import type { Db } from "@/db/client";
import { log } from "../log";

/** Users this process already recorded today: one insert per user and day, not one per request. */
const seen = new Map<string, string>();
const MAX_SEEN = 50_000;

/** The UTC day of an instant, as `YYYY-MM-DD`. */
export const utcDay = (at: Date) => at.toISOString().slice(0, 10);

/** The midnight (UTC) a `YYYY-MM-DD` day starts at. */
export const dayStart = (day: string) => new Date(`${day}T00:00:00.000Z`);

/**
 * Records that a user used Portico today (weekly active users are counted from these rows). Called
 * when a request's session resolves; never delays or fails the request.
 */
export function noteActivity(db: Db, userId: string, now = new Date()): void {
  const day = utcDay(now);
  if (seen.get(userId) === day) return;
  if (seen.size >= MAX_SEEN) seen.clear();
  seen.set(userId, day);
  db.insert(userActivityDays)
    .values({ day, userId })
    .onConflictDoNothing()
    .then(
      () => undefined,
      (error: unknown) => {
        // The next request tries again (a deleted user, a database away for a moment).
        seen.delete(userId);
        log.warn("user activity not recorded", { error: error instanceof Error ? error.message : String(error) });
      },
    );
}

/** Forgets what this process recorded (tests that move the clock). */
export function forgetActivity() {
  seen.clear();
}
