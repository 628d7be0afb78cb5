import { relations, sql } from "drizzle-orm";
import { type AnyPgColumn, boolean, check, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

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
    /**
     * Whether the address was verified by whoever vouched for it (an IdP's `email_verified`, or an
     * IdP trusted for its addresses). Only a verified user is ever linked to a new SSO identity by email.
     */
    emailVerified: boolean().notNull().default(true),
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
    /** The team this one belongs to (Backstage's Group `parent`): ownership rolls up the tree. */
    parentId: text().references((): AnyPgColumn => teams.id, { onDelete: "set null", onUpdate: "cascade" }),
    /** Backstage's Group `type` (team, business-unit, …) and `profile`. */
    type: text(),
    email: text(),
    picture: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("teams_id_shape", sql`${t.id} ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$'`), index("teams_parent_idx").on(t.parentId)],
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

/**
 * An identity at an identity provider: the IdP's issuer and subject, which never change for one
 * account there (an email does). Users are found by these at sign-in, never by email alone.
 */
export const userIdentities = pgTable(
  "user_identities",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Auth.js provider id: `oidc`, `github`. */
    provider: text().notNull(),
    /** The OIDC `iss`, or GitHub's web address for GitHub. */
    issuer: text().notNull(),
    /** The OIDC `sub`, or GitHub's numeric user id. */
    subject: text().notNull(),
    /** The address the IdP last sent, and whether it counted as verified. */
    email: text(),
    emailVerified: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSignInAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex("user_identities_issuer_subject_idx").on(t.issuer, t.subject), index("user_identities_user_idx").on(t.userId)],
);

/**
 * A browser session. The session cookie names one of these; a session that has ended (signed out,
 * ended by an admin, refused by the IdP on re-validation) or expired signs nobody in.
 */
export const userSessions = pgTable(
  "user_sessions",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The SSO identity it was signed in with; null for the local demo sign-in. */
    identityId: uuid().references(() => userIdentities.id, { onDelete: "cascade" }),
    provider: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    endedAt: timestamp({ withTimezone: true }),
    /** `signed-out`, `admin`, `idp` (the IdP no longer vouches for the user), `replaced`. */
    endedReason: text(),
    /** When the IdP was last asked about this user (claims re-read); null for the demo sign-in. */
    idpCheckedAt: timestamp({ withTimezone: true }),
    /** The IdP's tokens (access, refresh, ID token), encrypted with PORTICO_ENCRYPTION_KEY. */
    idpTokens: text(),
    ip: text(),
  },
  (t) => [index("user_sessions_user_idx").on(t.userId).where(sql`${t.endedAt} is null`)],
);

export const usersRelations = relations(users, ({ many }) => ({ memberships: many(teamMembers), identities: many(userIdentities) }));
export const userIdentitiesRelations = relations(userIdentities, ({ one }) => ({
  user: one(users, { fields: [userIdentities.userId], references: [users.id] }),
}));
export const teamsRelations = relations(teams, ({ many }) => ({ members: many(teamMembers) }));
export const teamMembersRelations = relations(teamMembers, ({ one }) => ({
  team: one(teams, { fields: [teamMembers.teamId], references: [teams.id] }),
  user: one(users, { fields: [teamMembers.userId], references: [users.id] }),
}));
