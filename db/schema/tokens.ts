import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
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
    createdBy: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("api_tokens_created_idx").on(t.createdAt)],
);
