import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./identity";

/**
 * OAuth 2.1 for MCP clients (server/oauth): AI assistants register themselves (RFC 7591), a signed-in user
 * consents, and the assistant gets short-lived access tokens bound to the MCP endpoint. Secrets (codes,
 * tokens) are stored as SHA-256 hashes only.
 */

/** A client registered dynamically: public (PKCE, no secret), known by its redirect URIs. */
export const oauthClients = pgTable("oauth_clients", {
  id: text().primaryKey(),
  name: text().notNull(),
  redirectUris: text().array().notNull(),
  /** What it said about itself when it registered (client_uri, software_id, software_version, …). */
  metadata: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** A user's consent to one client: what its tokens may do. Revoking it ends every token it issued. */
export const oauthGrants = pgTable(
  "oauth_grants",
  {
    id: uuid().primaryKey().defaultRandom(),
    clientId: text()
      .notNull()
      .references(() => oauthClients.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    scopes: text().array().notNull(),
    /** The protected resource its tokens are for (the MCP endpoint's URL). */
    resource: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    revokedBy: text(),
  },
  (t) => [index("oauth_grants_user_idx").on(t.userId, t.createdAt)],
);

/** Authorization codes (single use, minutes), access tokens (an hour) and refresh tokens (rotated on use). */
export const oauthSecrets = pgTable(
  "oauth_secrets",
  {
    hash: text().primaryKey(),
    kind: text({ enum: ["code", "access", "refresh"] }).notNull(),
    grantId: uuid()
      .notNull()
      .references(() => oauthGrants.id, { onDelete: "cascade" }),
    /** A code's redirect URI and PKCE challenge, checked when it is exchanged. */
    redirectUri: text(),
    codeChallenge: text(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    /** A code or refresh token is used once; a second use revokes the grant (it was stolen). */
    usedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("oauth_secrets_grant_idx").on(t.grantId), index("oauth_secrets_expiry_idx").on(t.expiresAt)],
);
