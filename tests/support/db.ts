import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { afterAll, inject } from "vitest";
import { createDb, type Db } from "@/db/client";
import { applyMigrations } from "@/db/migrate";
import { roles, teamMembers, teams, users, type Role } from "@/db/schema";
import type { ServiceContext, UserActor } from "@/server/context";
import { createCaller } from "@/server/trpc/root";

/**
 * A fresh, migrated database for one test file, dropped at the end of it.
 * Files run in parallel against the same embedded PostgreSQL without seeing each other.
 */
export async function createTestDatabase(options: { max?: number } = {}): Promise<{ db: Db; url: string; close: () => Promise<void> }> {
  const adminUrl = inject("adminDatabaseUrl");
  const name = `t_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = adminUrl.replace(/\/portico$/, `/${name}`);
  await applyMigrations(url);
  const { db, end } = createDb(url, { max: options.max ?? 4 });
  // Closing early (a test that makes many databases) and again after all is fine.
  let closed: Promise<void> | undefined;
  const close = () => (closed ??= end({ timeout: 5 }));
  afterAll(async () => {
    await close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end({ timeout: 5 });
  });
  return { db, url, close };
}

/** Creates a user (and their team memberships) directly, as sign-in would have. */
export async function makeUser(db: Db, email: string, role: Role = "member", teamIds: string[] = []): Promise<UserActor> {
  if (!roles.includes(role)) throw new Error(role);
  const [user] = await db.insert(users).values({ email, name: email.split("@")[0], role }).returning();
  for (const teamId of teamIds) {
    await db.insert(teams).values({ id: teamId, title: teamId }).onConflictDoNothing();
    await db.insert(teamMembers).values({ teamId, userId: user!.id });
  }
  return { kind: "user", id: user!.id, email, name: user!.name, image: null, role, teamIds };
}

export function serviceContext(db: Db, actor: UserActor): ServiceContext {
  return { db, actor, origin: "ui", requestId: `req-${randomUUID()}`, ip: "127.0.0.1" };
}

/** The tRPC caller, exactly as the API route builds it, for a given user (or anonymous). */
export function callerFor(db: Db, user: UserActor | undefined) {
  return createCaller({ db, user, requestId: `req-${randomUUID()}`, ip: "127.0.0.1" });
}
