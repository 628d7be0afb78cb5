import { integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export type SyncState = {
  status: "idle" | "queued" | "running" | "succeeded" | "failed";
  startedAt?: string;
  finishedAt?: string;
  progress?: { done: number; total: number };
  stats?: Record<string, number>;
  error?: string;
  warnings?: string[];
  /** Set when this sync was started again by another replica after the one running it stopped. */
  resumed?: boolean;
};

/** Connected external systems (GitHub today). Secrets are stored encrypted and never leave the server. */
export const integrations = pgTable("integrations", {
  id: text().primaryKey(),
  config: jsonb().$type<Record<string, string>>().notNull().default({}),
  /** AES-256-GCM with a key from PORTICO_ENCRYPTION_KEY (server/crypto.ts). */
  secretEncrypted: text(),
  syncState: jsonb().$type<SyncState>().notNull().default({ status: "idle" }),
  /**
   * The replica running this integration's sync, and until when, renewed while it runs
   * (server/catalog/github-sync-runner.ts): another replica resumes a running sync whose lease ran out.
   */
  leaseOwner: text(),
  leaseUntil: timestamp({ withTimezone: true }),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedBy: text().notNull(),
});

/**
 * How far a long import is (a Backstage file of 50,000 entities takes seconds): written outside the import's
 * transaction, so the browser that started it (or any replica it asks) can poll it while it runs.
 */
export const importProgress = pgTable("import_progress", {
  /** Chosen by the client that starts the import, so it can poll before the import answers. */
  id: uuid().primaryKey(),
  startedBy: text().notNull(),
  phase: text({ enum: ["reading", "planning", "writing", "finishing", "done", "failed"] }).notNull(),
  done: integer().notNull().default(0),
  total: integer().notNull().default(0),
  startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
