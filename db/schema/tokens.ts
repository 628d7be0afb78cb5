import { boolean, doublePrecision, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { roles } from "./identity";

/** REST API tokens created in the UI. Only a SHA-256 hash is stored; the secret is shown once. */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    role: text({ enum: roles }).notNull(),
    tokenHash: text().notNull().unique(),
    /** The first characters of the token, to recognise it in lists. */
    tokenPrefix: text().notNull(),
    /** An admin token whose MCP clients get the builder tools (change blueprints, scorecards, actions). */
    builderTools: boolean().notNull().default(false),
    createdBy: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    /** After this the token is refused (null: it does not expire). */
    expiresAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("api_tokens_created_idx").on(t.createdAt)],
);

/**
 * The REST API's token buckets (server/rate-limit.ts), shared by every replica. A bucket that has
 * not been touched for a minute is full again, the same as no row, and is swept away.
 */
export const apiRateLimits = pgTable("api_rate_limits", {
  /** `token:<hash prefix>` or `ip:<address>`; never the token itself. */
  key: text().primaryKey(),
  tokens: doublePrecision().notNull(),
  /** Whether the last request taken from this bucket was let through. */
  allowed: boolean().notNull(),
  /** Not indexed, so that taking a token is a HOT update; the sweep reads the few rows there are. */
  updatedAt: timestamp({ withTimezone: true }).notNull(),
});
