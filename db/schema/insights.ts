import { date, index, pgTable, primaryKey, uuid } from "drizzle-orm/pg-core";
import { users } from "./identity";

/**
 * The days each user used Portico (any signed-in request), one row per user and day: what weekly
 * active users are counted from. Written by the server when it resolves a session (no script in the
 * browser), at most once per user and day per process.
 */
export const userActivityDays = pgTable(
  "user_activity_days",
  {
    day: date({ mode: "string" }).notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.day, t.userId] }), index("user_activity_days_user_idx").on(t.userId, t.day)],
);
