import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, teamMembers, teams, users } from "@/db/schema";
import type { UserActor } from "@/server/context";
import { loadUserActor, signInUser } from "@/server/identity/users";
import { callerFor, makeUser, createTestDatabase } from "../support/db";

const { db } = await createTestDatabase();

async function codeOf(promise: Promise<unknown>) {
  try {
    await promise;
    return "OK";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

describe("the procedure ladder", () => {
  let admin: UserActor;
  let member: UserActor;
  beforeAll(async () => {
    admin = await makeUser(db, "root@example.com", "admin", ["platform"]);
    member = await makeUser(db, "dev@example.com", "member", ["payments"]);
  });

  it("answers anonymous callers with UNAUTHORIZED", async () => {
    const anonymous = callerFor(db, undefined);
    expect(await codeOf(anonymous.me.get())).toBe("UNAUTHORIZED");
    expect(await codeOf(anonymous.teams.list())).toBe("UNAUTHORIZED");
    expect(await codeOf(anonymous.teams.create({ id: "x", title: "x" }))).toBe("UNAUTHORIZED");
    expect(await codeOf(anonymous.audit.list({}))).toBe("UNAUTHORIZED");
  });

  it("answers members with FORBIDDEN on admin procedures and writes nothing", async () => {
    const caller = callerFor(db, member);
    expect(await codeOf(caller.teams.create({ id: "sneaky", title: "Sneaky" }))).toBe("FORBIDDEN");
    expect(await codeOf(caller.teams.update({ id: "payments", title: "Mine now" }))).toBe("FORBIDDEN");
    expect(await codeOf(caller.teams.delete({ id: "platform" }))).toBe("FORBIDDEN");
    expect(await codeOf(caller.teams.addMember({ teamId: "platform", userId: member.id }))).toBe("FORBIDDEN");
    expect(await codeOf(caller.users.setRole({ userId: member.id, role: "admin" }))).toBe("FORBIDDEN");
    expect(await codeOf(caller.audit.list({}))).toBe("FORBIDDEN");
    expect(await db.select().from(teams).where(eq(teams.id, "sneaky"))).toEqual([]);
    expect((await db.select().from(users).where(eq(users.id, member.id)))[0]?.role).toBe("member");
  });

  it("lets members read what is theirs to read", async () => {
    const caller = callerFor(db, member);
    expect((await caller.me.get()).email).toBe("dev@example.com");
    expect((await caller.teams.list()).map((t) => t.id)).toContain("payments");
  });

  it("lets admins manage teams and members, each change audited", async () => {
    const caller = callerFor(db, admin);
    await caller.teams.create({ id: "search", title: "Search", idpGroup: "okta-search" });
    await caller.teams.addMember({ teamId: "search", userId: member.id });
    const team = await caller.teams.get({ id: "search" });
    expect(team.members.map((m) => m.email)).toEqual(["dev@example.com"]);
    await caller.teams.removeMember({ teamId: "search", userId: member.id });
    await caller.teams.delete({ id: "search" });
    const actions = (await db.select().from(auditEvents).where(eq(auditEvents.resourceId, "search")).orderBy(auditEvents.id)).map((e) => e.action);
    expect(actions).toEqual(["team.create", "team.add-member", "team.remove-member", "team.delete"]);
  });

  it("turns domain errors into their codes with a readable message", async () => {
    const caller = callerFor(db, admin);
    await expect(caller.teams.create({ id: "platform", title: "Again" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "A team with identifier platform already exists",
    });
    expect(await codeOf(caller.teams.get({ id: "nope" }))).toBe("NOT_FOUND");
    expect(await codeOf(caller.teams.create({ id: "bad id!", title: "x" }))).toBe("BAD_REQUEST");
  });

  it("refuses to demote the last admin", async () => {
    const caller = callerFor(db, admin);
    const admins = await db.select().from(users).where(eq(users.role, "admin"));
    expect(admins).toHaveLength(1);
    expect(await codeOf(caller.users.setRole({ userId: admin.id, role: "member" }))).toBe("CONFLICT");
    await caller.users.setRole({ userId: member.id, role: "admin" });
    await caller.users.setRole({ userId: member.id, role: "member" });
    const events = await db.select().from(auditEvents).where(eq(auditEvents.resourceId, member.id));
    expect(events.map((e) => e.action)).toEqual(["user.update", "user.update"]);
  });
});

describe("sign-in from the identity provider", () => {
  const base = () => ({ db, requestId: "signin-test", ip: null });

  it("creates the user on first sign-in and maps groups to the admin role and to teams", async () => {
    await db.insert(teams).values([
      { id: "checkout", title: "Checkout", idpGroup: "okta-checkout" },
      { id: "ledger", title: "Ledger" },
    ]);
    const actor = await signInUser(
      base(),
      { provider: "oidc", email: "Alice@Example.com", name: "Alice", groups: ["portico-admins", "okta-checkout", "ledger", "unknown"] },
      ["portico-admins"],
    );
    expect(actor).toMatchObject({ email: "alice@example.com", role: "admin", teamIds: ["checkout", "ledger"] });
    const events = await db.select().from(auditEvents).where(eq(auditEvents.requestId, "signin-test")).orderBy(auditEvents.id);
    expect(events.map((e) => e.action)).toEqual(["user.create", "user.update", "team.add-member", "team.add-member", "user.sign-in"]);
    expect(events.every((e) => e.origin === "integration")).toBe(true);
    // The integration creates the user; everything after is done by the user signing in.
    expect(events.map((e) => e.actorLabel)).toEqual(["system", ...Array(4).fill("alice@example.com")]);

    // Next sign-in: out of the admin group and out of okta-checkout.
    const again = await signInUser(base(), { provider: "oidc", email: "alice@example.com", groups: ["ledger"] }, ["portico-admins"]);
    expect(again).toMatchObject({ role: "member", teamIds: ["ledger"] });
    expect(await db.select().from(users).where(eq(users.email, "alice@example.com"))).toHaveLength(1);
  });

  it("keeps roles and memberships that an admin set by hand", async () => {
    const bob = await makeUser(db, "bob@example.com", "admin", ["payments"]);
    const after = await signInUser(base(), { provider: "oidc", email: "bob@example.com", groups: [] }, ["portico-admins"]);
    expect(after).toMatchObject({ role: "admin", teamIds: ["payments"] });
    expect((await db.select().from(teamMembers).where(eq(teamMembers.userId, bob.id))).map((m) => m.source)).toEqual(["manual"]);
  });

  it("leaves groups alone for providers without a groups claim", async () => {
    const carol = await signInUser(base(), { provider: "github", email: "carol@example.com" }, ["portico-admins"]);
    expect(carol).toMatchObject({ role: "member", teamIds: [] });
    expect(await loadUserActor({ db }, carol.id)).toMatchObject({ email: "carol@example.com" });
  });
});
