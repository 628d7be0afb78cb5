import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, teams, users } from "@/db/schema";
import type { UserActor } from "@/server/context";
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
