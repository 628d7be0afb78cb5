import { relations, sql } from "drizzle-orm";
import { boolean, check, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

export const roles = ["admin", "member"] as const;
export type Role = (typeof roles)[number];

export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull(),
    name: text(),
    image: text(),
    role: text({ enum: roles }).notNull().default("member"),
    /** Whether `role` came from the IdP's admin groups (re-evaluated at each sign-in) or was set by an admin. */
    roleSource: text({ enum: ["idp", "manual"] }).notNull().default("manual"),
    /** Demo users exist only in the local, embedded-database start; they can sign in without SSO there. */
    isDemo: boolean().notNull().default(false),
    lastSignInAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("users_email_lower_idx").using("btree", sql`lower(${t.email})`),
    check("users_email_shape", sql`${t.email} like '%@%'`),
  ],
);

export const teams = pgTable(
  "teams",
  {
    /** Portico identifier (PRODUCT.md): also used as the `team` of entities. */
    id: text().primaryKey(),
    title: text().notNull(),
    description: text(),
    /** IdP group whose members belong to this team (matched on the groups claim at sign-in). */
    idpGroup: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("teams_id_shape", sql`${t.id} ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$'`)],
);

export const teamMembers = pgTable(
  "team_members",
  {
    teamId: text()
      .notNull()
      .references(() => teams.id, { onDelete: "cascade", onUpdate: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** `idp` memberships follow the groups claim at every sign-in; `manual` ones are kept. */
    source: text({ enum: ["idp", "manual"] }).notNull().default("manual"),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index("team_members_user_idx").on(t.userId)],
);

export const usersRelations = relations(users, ({ many }) => ({ memberships: many(teamMembers) }));
export const teamsRelations = relations(teams, ({ many }) => ({ members: many(teamMembers) }));
export const teamMembersRelations = relations(teamMembers, ({ one }) => ({
  team: one(teams, { fields: [teamMembers.teamId], references: [teams.id] }),
  user: one(users, { fields: [teamMembers.userId], references: [users.id] }),
}));
