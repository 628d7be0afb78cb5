import { bigserial, check, index, integer, json, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import type { Query } from "@/server/catalog/query";
import { blueprints } from "./catalog";
import { users } from "./identity";

/** PRODUCT.md "Action". `userInputs` and `invocation` are `json` to keep the admin's key order (form field order). */
export const actions = pgTable(
  "actions",
  {
    identifier: text().primaryKey(),
    title: text().notNull(),
    icon: text(),
    description: text(),
    blueprint: text()
      .notNull()
      .references(() => blueprints.identifier, { onDelete: "cascade", onUpdate: "cascade" }),
    operation: text({ enum: ["CREATE", "DAY-2", "DELETE"] }).notNull(),
    condition: jsonb().$type<Query>(),
    userInputs: json().$type<{ properties: Record<string, Record<string, unknown>>; required: string[]; order?: string[] }>().notNull(),
    invocation: json().$type<Record<string, unknown> & { type: string }>().notNull(),
    approval: json().$type<{ required: boolean; approvers: { roles?: string[]; teams?: string[]; users?: string[] } }>(),
    permissions: json().$type<{ execute: { roles?: string[]; teams?: string[]; ownerTeam?: boolean } }>(),
    /** The language of the `{{ }}` templates in `invocation` and input defaults: JSONata, or jq (Port's actions). */
    templateLanguage: text({ enum: ["jsonata", "jq"] }).notNull().default("jsonata"),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    createdBy: text().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedBy: text().notNull(),
  },
  (t) => [check("actions_identifier_shape", sql`${t.identifier} ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$'`)],
);

export const runStatuses = ["WAITING_FOR_APPROVAL", "DECLINED", "QUEUED", "IN_PROGRESS", "SUCCESS", "FAILURE", "CANCELLED"] as const;
export type RunStatus = (typeof runStatuses)[number];
export const finalRunStatuses: readonly RunStatus[] = ["DECLINED", "SUCCESS", "FAILURE", "CANCELLED"];

/** What the dispatcher knows of the run in the external system (workflow run, Job) and how far its logs were copied. */
/**
 * A dispatched run's state in its target, as the target keeps it (its run id there, log cursors): each
 * target types its own (server/actions/targets). `lastStatus` is the last state logged, so it is logged once.
 */
export type RunExternal = Record<string, unknown> & { lastStatus?: string };

/**
 * PRODUCT.md "Run". The row is also the dispatch queue: a worker claims a QUEUED run with
 * `for update skip locked` and a lease; the run id is the idempotency key towards the target.
 */
export const runs = pgTable(
  "runs",
  {
    id: uuid().primaryKey().defaultRandom(),
    action: text().notNull(),
    actionTitle: text().notNull(),
    /** The definition as it was when the run was requested: what is approved is what is dispatched. */
    actionSnapshot: json().$type<Record<string, unknown>>().notNull(),
    blueprint: text().notNull(),
    entity: text(),
    inputs: jsonb().$type<Record<string, unknown>>().notNull(),
    /** Secret inputs, AES-256-GCM encrypted; `inputs` holds only a mask for them. Cleared when the run ends. */
    secretsEncrypted: text(),
    status: text({ enum: runStatuses }).notNull(),
    statusLabel: text(),
    link: text(),
    summary: text(),
    affectedEntities: jsonb().$type<{ blueprint: string; identifier: string }[]>().notNull().default([]),
    requestedById: text().notNull(),
    requestedByLabel: text().notNull(),
    requesterTeams: text().array().notNull().default([]),
    idempotencyKey: text(),
    external: jsonb().$type<RunExternal>().notNull().default({}),
    dispatchAttempts: integer().notNull().default(0),
    leaseOwner: text(),
    leaseUntil: timestamp({ withTimezone: true }),
    /** When the follower next looks at the external run (IN_PROGRESS runs it follows). */
    nextCheckAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("runs_status", sql`${t.status} in ('WAITING_FOR_APPROVAL', 'DECLINED', 'QUEUED', 'IN_PROGRESS', 'SUCCESS', 'FAILURE', 'CANCELLED')`),
    index("runs_work_idx").on(t.status, t.nextCheckAt).where(sql`${t.status} in ('QUEUED', 'IN_PROGRESS')`),
    index("runs_requester_idx").on(t.requestedById, t.createdAt),
    index("runs_action_idx").on(t.action, t.createdAt),
    // A golden path's runs (an action as requested by a set of teams) by day: the insights' roll-up.
    index("runs_path_idx").on(t.action, t.requesterTeams, t.createdAt),
    // runs_created_services_idx (migration 0033, written by hand for its INCLUDE): the services created
    // through a golden path, a few in a year of runs, read without the runs (time to production).
    index("runs_entity_idx").on(t.blueprint, t.entity, t.createdAt),
    index("runs_created_idx").on(t.createdAt),
    // Which teams have ever used a golden path (adoption insights).
    index("runs_requester_teams_idx").using("gin", t.requesterTeams),
    uniqueIndex("runs_idempotency_idx").on(t.requestedById, t.idempotencyKey),
  ],
);

export const runLogs = pgTable(
  "run_logs",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    runId: uuid()
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    level: text({ enum: ["info", "warn", "error"] }).notNull().default("info"),
    /** portico, github, kubernetes, webhook, api */
    source: text().notNull(),
    message: text().notNull(),
  },
  (t) => [index("run_logs_run_idx").on(t.runId, t.id)],
);

export const runApprovals = pgTable(
  "run_approvals",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    runId: uuid()
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    userId: text().notNull(),
    userLabel: text().notNull(),
    decision: text({ enum: ["APPROVED", "DECLINED"] }).notNull(),
    comment: text(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("run_approvals_once_idx").on(t.runId, t.userId)],
);

/** In-app notifications (approval requests, decisions, finished runs). */
export const notifications = pgTable(
  "notifications",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text().notNull(),
    title: text().notNull(),
    link: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("notifications_user_idx").on(t.userId, t.id)],
);

/** Outgoing notifications (Slack-compatible webhook), written in the change's transaction and sent by the run worker. */
export const notificationOutbox = pgTable(
  "notification_outbox",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    text: text().notNull(),
    link: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true }),
    attempts: integer().notNull().default(0),
    error: text(),
  },
  // The worker looks for unsent rows every second; sent ones pile up and must not be scanned.
  (t) => [index("notification_outbox_pending_idx").on(t.id).where(sql`${t.sentAt} is null`)],
);
