import { and, eq, inArray, sql } from "drizzle-orm";
import { teamMembers, userIdentities, users, type Role } from "@/db/schema";
import type { Tx } from "@/db/client";
import { audited, type AuditRecord } from "../audit/audited";
import { systemActor, type ServiceContext } from "../context";
import { teamsForGroups } from "./teams";

/**
 * Signing in through an identity provider. A user is found by the IdP's issuer and subject, never by
 * email alone: an email links a new identity to an existing user only when the IdP verified it, the
 * user's own address was verified, the user is not a demo user, and the user has no other identity
 * at the same IdP. Everything this changes is audited with origin `integration`.
 */

export type IdentitySignIn = {
  /** Auth.js provider id: `oidc`, `github`. */
  provider: string;
  issuer: string;
  subject: string;
  email: string;
  emailVerified: boolean;
  name?: string | null;
  image?: string | null;
  /** From the admin claim; undefined when the IdP did not send it (the role is left alone). */
  admin?: boolean;
  /** From the groups claim; undefined when the IdP did not send it (memberships are left alone). */
  groups?: string[];
};

export type SignInRefusal = "UnverifiedEmail" | "DemoUser" | "IdentityConflict";

/** Why an identity may not sign in; the sign-in page explains each. */
export class SignInRefused extends Error {
  constructor(readonly reason: SignInRefusal, message: string) {
    super(message);
    this.name = "SignInRefused";
  }
}

type Base = Pick<ServiceContext, "db" | "requestId" | "ip" | "clientRequestId">;

/** What a sign-in or a re-validation changed, for the server log. */
export type GrantResult = { role: Role; roleChanged: boolean; teamsAdded: string[]; teamsRemoved: string[] };

export async function signInWithIdentity(base: Base, input: IdentitySignIn) {
  const email = input.email.trim().toLowerCase();
  const ctx: ServiceContext = { ...base, actor: systemActor, origin: "integration" };
  return audited(ctx, async (tx) => {
    const audit: AuditRecord[] = [];
    // One sign-in of an identity, and of an address, at a time (two first sign-ins at once create one user).
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`identity:${input.issuer}\n${input.subject}`}, 0))`);
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`email:${email}`}, 0))`);

    let [identity] = await tx
      .select()
      .from(userIdentities)
      .where(and(eq(userIdentities.issuer, input.issuer), eq(userIdentities.subject, input.subject)));
    let linked: "existing" | "linked" | "created" = "existing";
    if (!identity) {
      const [byEmail] = await tx.select().from(users).where(eq(sql`lower(${users.email})`, email)).for("update");
      let userId: string;
      if (byEmail) {
        await refuseLink(tx, byEmail, input, email);
        userId = byEmail.id;
        linked = "linked";
      } else {
        const [created] = await tx
          .insert(users)
          .values({ email, name: input.name ?? null, image: input.image ?? null, emailVerified: input.emailVerified })
          .returning();
        userId = created!.id;
        linked = "created";
        audit.push({ action: "user.create", resourceType: "user", resourceId: userId, after: { email, name: input.name ?? null, emailVerified: input.emailVerified } });
      }
      [identity] = await tx
        .insert(userIdentities)
        .values({ userId, provider: input.provider, issuer: input.issuer, subject: input.subject, email, emailVerified: input.emailVerified })
        .returning();
      if (linked === "linked") {
        audit.push({
          action: "user.link-identity",
          resourceType: "user",
          resourceId: userId,
          after: { email, provider: input.provider, issuer: input.issuer, subject: input.subject },
        });
      }
    }
    const userId = identity!.userId;
    const [current] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
    const grants = await applyIdpGrants(tx, current!, { admin: input.admin, groups: input.groups }, audit);
    await tx
      .update(users)
      .set({ name: input.name ?? current!.name, image: input.image ?? current!.image, lastSignInAt: new Date(), updatedAt: new Date() })
      .where(eq(users.id, userId));
    await tx
      .update(userIdentities)
      .set({ email, emailVerified: input.emailVerified, lastSignInAt: new Date() })
      .where(eq(userIdentities.id, identity!.id));
    audit.push(signInEvent(userId, current!.email, input.provider));
    const self = { id: userId, label: current!.email };
    return {
      result: { userId, identityId: identity!.id, linked, grants },
      audit: audit.map((a) => (a.action === "user.create" ? a : { ...a, actor: a.actor ?? self })),
    };
  });
}

async function refuseLink(tx: Tx, user: typeof users.$inferSelect, input: IdentitySignIn, email: string) {
  if (user.isDemo) {
    throw new SignInRefused("DemoUser", `${email} is a demo user: an SSO identity is never linked to one`);
  }
  if (!input.emailVerified) {
    throw new SignInRefused("UnverifiedEmail", `the identity provider has not verified ${email}, which belongs to an existing Portico user`);
  }
  if (!user.emailVerified) {
    throw new SignInRefused("UnverifiedEmail", `the existing Portico user ${email} was created from an unverified address: an admin must delete it first`);
  }
  const [sameIssuer] = await tx
    .select({ id: userIdentities.id })
    .from(userIdentities)
    .where(and(eq(userIdentities.userId, user.id), eq(userIdentities.issuer, input.issuer)));
  if (sameIssuer) {
    throw new SignInRefused("IdentityConflict", `another account at ${input.issuer} already signs in as ${email}`);
  }
}

/**
 * The admin role and IdP-given team memberships as the IdP's claims say now: an absent claim
 * (undefined) changes nothing, a present one is applied whole, an empty one removes. A role or
 * membership set by an admin by hand is kept.
 */
export async function applyIdpGrants(
  tx: Tx,
  user: typeof users.$inferSelect,
  claims: { admin?: boolean; groups?: string[] },
  audit: AuditRecord[],
): Promise<GrantResult> {
  let role: Role = user.role;
  let roleSource = user.roleSource;
  if (claims.admin === true && role !== "admin") [role, roleSource] = ["admin", "idp"];
  else if (claims.admin === false && role === "admin" && roleSource === "idp") role = "member";
  const self = { id: user.id, label: user.email };
  if (role !== user.role) {
    await tx.update(users).set({ role, roleSource, updatedAt: new Date() }).where(eq(users.id, user.id));
    audit.push({
      action: "user.update",
      resourceType: "user",
      resourceId: user.id,
      before: { email: user.email, role: user.role },
      after: { email: user.email, role },
      actor: self,
    });
  }
  const result: GrantResult = { role, roleChanged: role !== user.role, teamsAdded: [], teamsRemoved: [] };
  if (claims.groups === undefined) return result;
  const wanted = await teamsForGroups({ db: tx }, claims.groups);
  const existing = await tx.select().from(teamMembers).where(eq(teamMembers.userId, user.id));
  const have = new Set(existing.map((m) => m.teamId));
  result.teamsAdded = wanted.filter((t) => !have.has(t));
  result.teamsRemoved = existing.filter((m) => m.source === "idp" && !wanted.includes(m.teamId)).map((m) => m.teamId);
  if (result.teamsAdded.length) {
    await tx.insert(teamMembers).values(result.teamsAdded.map((teamId) => ({ teamId, userId: user.id, source: "idp" as const })));
  }
  if (result.teamsRemoved.length) {
    await tx
      .delete(teamMembers)
      .where(and(eq(teamMembers.userId, user.id), inArray(teamMembers.teamId, result.teamsRemoved), eq(teamMembers.source, "idp")));
  }
  for (const teamId of result.teamsAdded) {
    audit.push({ action: "team.add-member", resourceType: "team", resourceId: teamId, after: { userId: user.id, email: user.email, source: "idp" }, actor: self });
  }
  for (const teamId of result.teamsRemoved) {
    audit.push({ action: "team.remove-member", resourceType: "team", resourceId: teamId, before: { userId: user.id, email: user.email, source: "idp" }, actor: self });
  }
  return result;
}

/** Re-applies what the IdP says now about a signed-in user (session re-validation). */
export async function refreshIdpGrants(base: Base, userId: string, claims: { admin?: boolean; groups?: string[] }) {
  const ctx: ServiceContext = { ...base, actor: systemActor, origin: "integration" };
  return audited(ctx, async (tx) => {
    const audit: AuditRecord[] = [];
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
    if (!user) return { result: undefined, audit };
    const grants = await applyIdpGrants(tx, user, claims, audit);
    return { result: grants, audit };
  });
}

/** Signs a demo user in; undefined if `userId` is not a demo user. */
export async function signInDemoUser(base: Base, userId: string) {
  const ctx: ServiceContext = { ...base, actor: systemActor, origin: "ui" };
  return audited(ctx, async (tx) => {
    const [user] = await tx
      .update(users)
      .set({ lastSignInAt: new Date() })
      .where(and(eq(users.id, userId), eq(users.isDemo, true)))
      .returning({ id: users.id, email: users.email, name: users.name });
    return { result: user, audit: user ? [signInEvent(user.id, user.email, "demo")] : [] };
  });
}

const signInEvent = (userId: string, email: string, provider: string): AuditRecord => ({
  action: "user.sign-in",
  resourceType: "user",
  resourceId: userId,
  after: { email, provider },
  actor: { id: userId, label: email },
});
