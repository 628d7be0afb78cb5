import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, teamMembers, teams, userIdentities, users } from "@/db/schema";
import { systemActor } from "@/server/context";
import { ensureBuiltinBlueprints, removeDemoUsers, seedDemoData } from "@/server/demo/seed";
import { SignInRefused, signInWithIdentity, type IdentitySignIn } from "@/server/identity/sign-in";
import { endSession, endUserSessions, loadSessionActor, startSession } from "@/server/identity/sessions";
import { createTestDatabase, makeUser, serviceContext } from "../support/db";

const { db } = await createTestDatabase();
const base = (requestId = "signin-test") => ({ db, requestId, ip: null });
const okta = "https://example.okta.com";
const keycloak = "https://sso.example.com/realms/acme";

const identity = (over: Partial<IdentitySignIn>): IdentitySignIn => ({
  provider: "oidc",
  issuer: okta,
  subject: "00u1",
  email: "someone@example.com",
  emailVerified: true,
  ...over,
});

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
    return "signed in";
  } catch (error) {
    if (error instanceof SignInRefused) return error.reason;
    throw error;
  }
}

const userByEmail = async (email: string) => (await db.select().from(users).where(eq(users.email, email)))[0];
const actorOf = async (userId: string) => (await loadSessionActor({ db }, await startSession({ db }, { userId, identityId: null, provider: "demo" })))!.actor;

describe("identity by issuer and subject", () => {
  it("creates the user on first sign-in, maps groups to the admin role and teams, and audits it all", async () => {
    await db.insert(teams).values([
      { id: "checkout", title: "Checkout", idpGroup: "okta-checkout" },
      { id: "ledger", title: "Ledger" },
    ]);
    const done = await signInWithIdentity(base(), identity({ subject: "alice", email: "Alice@Example.com", name: "Alice", admin: true, groups: ["portico-admins", "okta-checkout", "ledger", "unknown"] }));
    expect(done.linked).toBe("created");
    expect(await actorOf(done.userId)).toMatchObject({ email: "alice@example.com", role: "admin", teamIds: ["checkout", "ledger"] });
    const events = await db.select().from(auditEvents).where(eq(auditEvents.requestId, "signin-test")).orderBy(auditEvents.id);
    expect(events.map((e) => e.action)).toEqual(["user.create", "user.update", "team.add-member", "team.add-member", "user.sign-in"]);
    expect(events.every((e) => e.origin === "integration")).toBe(true);
    expect(events.map((e) => e.actorLabel)).toEqual(["system", ...Array(4).fill("alice@example.com")]);

    // Next sign-in: out of the admin group and out of okta-checkout; still the same user, one identity.
    const again = await signInWithIdentity(base("again"), identity({ subject: "alice", email: "alice@example.com", admin: false, groups: ["ledger"] }));
    expect(again).toMatchObject({ userId: done.userId, linked: "existing" });
    expect(await actorOf(done.userId)).toMatchObject({ role: "member", teamIds: ["ledger"] });
    expect(await db.select().from(userIdentities).where(eq(userIdentities.userId, done.userId))).toHaveLength(1);
  });

  it("finds the user by subject even when the IdP's address changed, and keeps the user's", async () => {
    const first = await signInWithIdentity(base(), identity({ subject: "renamed", email: "old@example.com" }));
    const second = await signInWithIdentity(base(), identity({ subject: "renamed", email: "new@example.com" }));
    expect(second.userId).toBe(first.userId);
    expect(await userByEmail("new@example.com")).toBeUndefined();
    const [row] = await db.select().from(userIdentities).where(eq(userIdentities.subject, "renamed"));
    expect(row!.email).toBe("new@example.com");
  });

  it("an absent claim changes nothing; a present, empty one removes what the IdP gave", async () => {
    const done = await signInWithIdentity(base(), identity({ subject: "dora", email: "dora@example.com", admin: true, groups: ["ledger"] }));
    await signInWithIdentity(base(), identity({ subject: "dora", email: "dora@example.com", admin: undefined, groups: undefined }));
    expect(await actorOf(done.userId)).toMatchObject({ role: "admin", teamIds: ["ledger"] });
    await signInWithIdentity(base(), identity({ subject: "dora", email: "dora@example.com", admin: false, groups: [] }));
    expect(await actorOf(done.userId)).toMatchObject({ role: "member", teamIds: [] });
  });

  it("keeps roles and memberships that an admin set by hand", async () => {
    const bob = await makeUser(db, "bob@example.com", "admin", ["payments"]);
    await signInWithIdentity(base(), identity({ subject: "bob", email: "bob@example.com", admin: false, groups: [] }));
    expect(await actorOf(bob.id)).toMatchObject({ role: "admin", teamIds: ["payments"] });
    expect((await db.select().from(teamMembers).where(eq(teamMembers.userId, bob.id))).map((m) => m.source)).toEqual(["manual"]);
  });

  it("matches Keycloak's full group paths by their last segment, and Entra object ids in any case", async () => {
    await db.insert(teams).values([
      { id: "kc-payments", title: "Payments (Keycloak)", idpGroup: "payments-devs" },
      { id: "kc-full", title: "Full path", idpGroup: "/acme/sre" },
      { id: "entra", title: "Entra", idpGroup: "6F1C0E9A-57B2-4C52-9E4F-0D1B7A2C3E4F" },
    ]);
    const done = await signInWithIdentity(
      base(),
      identity({ issuer: keycloak, subject: "kc-1", email: "kc@example.com", groups: ["/acme/payments-devs", "/acme/sre", "6f1c0e9a-57b2-4c52-9e4f-0d1b7a2c3e4f"] }),
    );
    expect((await actorOf(done.userId)).teamIds).toEqual(["entra", "kc-full", "kc-payments"]);
  });
});

describe("account takeover", () => {
  it("an unverified address equal to an existing user's does not sign in as them", async () => {
    const victim = await signInWithIdentity(base(), identity({ subject: "victim", email: "victim@example.com", admin: true }));
    const attempt = signInWithIdentity(base("takeover"), identity({ issuer: keycloak, subject: "attacker", email: "VICTIM@example.com", emailVerified: false }));
    expect(await refusal(attempt)).toBe("UnverifiedEmail");
    expect(await db.select().from(userIdentities).where(eq(userIdentities.subject, "attacker"))).toHaveLength(0);
    expect(await db.select().from(auditEvents).where(eq(auditEvents.requestId, "takeover"))).toHaveLength(0);
    expect(await actorOf(victim.userId)).toMatchObject({ role: "admin" });
  });

  it("a verified address at another IdP links to the existing user, audited", async () => {
    const first = await signInWithIdentity(base(), identity({ subject: "carol", email: "carol@example.com" }));
    const linked = await signInWithIdentity(base("link"), identity({ provider: "github", issuer: "https://github.com", subject: "4242", email: "carol@example.com" }));
    expect(linked).toMatchObject({ userId: first.userId, linked: "linked" });
    const events = await db.select().from(auditEvents).where(eq(auditEvents.requestId, "link"));
    expect(events.map((e) => e.action)).toEqual(["user.link-identity", "user.sign-in"]);
  });

  it("a second account at the same IdP with the same verified address is refused", async () => {
    await signInWithIdentity(base(), identity({ subject: "erin-1", email: "erin@example.com" }));
    expect(await refusal(signInWithIdentity(base(), identity({ subject: "erin-2", email: "erin@example.com" })))).toBe("IdentityConflict");
  });

  it("a user created from an unverified address is never linked to by email (no pre-registration takeover)", async () => {
    await signInWithIdentity(base(), identity({ issuer: keycloak, subject: "squatter", email: "frank@example.com", emailVerified: false }));
    expect(await refusal(signInWithIdentity(base(), identity({ subject: "frank", email: "frank@example.com" })))).toBe("UnverifiedEmail");
  });

  it("demo users are never linked to, and do not exist once SSO is configured", async () => {
    const ctx = { ...base("demo"), actor: systemActor, origin: "system" as const };
    await ensureBuiltinBlueprints(ctx);
    await seedDemoData(ctx);
    const ada = await userByEmail("ada@portico.local");
    expect(ada).toMatchObject({ isDemo: true, role: "admin" });
    expect(await refusal(signInWithIdentity(base(), identity({ subject: "ada", email: "ada@portico.local" })))).toBe("DemoUser");
    expect(await removeDemoUsers(ctx)).toBe(3);
    expect(await userByEmail("ada@portico.local")).toBeUndefined();
    // With the demo users gone, the address is an ordinary new user: a member, not the demo admin.
    const fresh = await signInWithIdentity(base(), identity({ subject: "ada", email: "ada@portico.local", emailVerified: false }));
    expect(await actorOf(fresh.userId)).toMatchObject({ role: "member" });
  });

  it("concurrent first sign-ins of one identity create one user", async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => signInWithIdentity(base(), identity({ subject: "racer", email: "racer@example.com" }))));
    expect(new Set(results.map((r) => r.userId)).size).toBe(1);
    expect(await db.select().from(userIdentities).where(eq(userIdentities.subject, "racer"))).toHaveLength(1);
  });
});

describe("sessions", () => {
  it("sign-out and an admin's ending of sessions sign the user out at the next request", async () => {
    const admin = await makeUser(db, "root@example.com", "admin");
    const done = await signInWithIdentity(base(), identity({ subject: "gina", email: "gina@example.com" }));
    const one = await startSession({ db }, { userId: done.userId, identityId: done.identityId, provider: "oidc" });
    const two = await startSession({ db }, { userId: done.userId, identityId: done.identityId, provider: "oidc" });
    expect(await loadSessionActor({ db }, one)).toBeDefined();
    expect(await endSession({ db }, one, "signed-out")).toMatchObject({ provider: "oidc" });
    expect(await loadSessionActor({ db }, one)).toBeUndefined();
    expect(await loadSessionActor({ db }, two)).toBeDefined();

    const member = await makeUser(db, "mallory@example.com", "member");
    await expect(endUserSessions({ ctx: serviceContext(db, member), input: { userId: done.userId } })).rejects.toThrow(/Only admins/);
    expect(await endUserSessions({ ctx: serviceContext(db, admin), input: { userId: done.userId } })).toEqual({ ended: 1, assistantsDisconnected: 0 });
    expect(await loadSessionActor({ db }, two)).toBeUndefined();
    const [event] = await db.select().from(auditEvents).where(eq(auditEvents.action, "user.end-sessions"));
    expect(event).toMatchObject({ resourceId: done.userId, actorLabel: "root@example.com", after: { email: "gina@example.com", sessionsEnded: 1 } });
    expect(await loadSessionActor({ db }, "not-a-uuid")).toBeUndefined();
  });
});
