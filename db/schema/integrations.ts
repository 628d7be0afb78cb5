import { jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export type SyncState = {
  status: "idle" | "queued" | "running" | "succeeded" | "failed";
  startedAt?: string;
  finishedAt?: string;
  progress?: { done: number; total: number };
  stats?: Record<string, number>;
  error?: string;
  warnings?: string[];
};

/** Connected external systems (GitHub today). Secrets are stored encrypted and never leave the server. */
export const integrations = pgTable("integrations", {
  id: text().primaryKey(),
  config: jsonb().$type<Record<string, string>>().notNull().default({}),
  /** AES-256-GCM with a key from PORTICO_ENCRYPTION_KEY (server/crypto.ts). */
  secretEncrypted: text(),
  syncState: jsonb().$type<SyncState>().notNull().default({ status: "idle" }),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedBy: text().notNull(),
});
