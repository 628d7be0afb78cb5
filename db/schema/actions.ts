import { check, json, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import type { Query } from "@/server/catalog/query";
import { blueprints } from "./catalog";

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
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    createdBy: text().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedBy: text().notNull(),
  },
  (t) => [check("actions_identifier_shape", sql`${t.identifier} ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$'`)],
);
