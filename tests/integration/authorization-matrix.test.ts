import { beforeAll, describe, expect, it, vi } from "vitest";
import type { UserActor } from "@/server/context";
import { createTestDatabase } from "../support/db";
import { callProcedure, mutationPaths, procedureType, procedurePaths, procedures, rest, restRequest, restRoutes, type World } from "../support/surface";
import { buildWorld, databaseFingerprint } from "../support/world";

// Issue 7, item 4: every tRPC procedure and every REST route, enumerated from the routers and the
// app/api folder themselves, against anonymous callers, members, and members of another team.
const { db, url } = await createTestDatabase();
process.env.PORTICO_EMBEDDED_DATABASE_URL = url;
process.env.PORTICO_ENCRYPTION_KEY = "matrix-encryption-key-0123456789-abcdef";
process.env.PORTICO_STATIC_TOKENS = "ci:admin:static-admin-secret-0123,reader:member:static-reader-secret-0123";
process.env.PORTICO_API_RATE_LIMIT = "0";

// Routes for the browser session (the audit CSV, the tRPC endpoint) read the signed-in user through
// this module; the test decides who that is.
const session = vi.hoisted(() => ({ user: undefined as UserActor | undefined }));
vi.mock("@/server/auth/session", () => ({ getCurrentUser: async () => session.user }));

let world: World;
beforeAll(async () => {
  world = await buildWorld(db);
});

const call = (user: UserActor | undefined, procedurePath: string) => callProcedure(db, world, user, procedurePath);

describe("tRPC: every procedure", () => {
  it("is in the matrix, and the matrix names nothing that is gone", () => {
    expect(procedurePaths.length).toBeGreaterThan(70);
    expect(procedurePaths).toEqual(Object.keys(procedures).sort());
    // The HTTP matrix sends mutations as POST and queries as GET by this list.
    expect(procedurePaths.filter((p) => procedureType(p) === "mutation")).toEqual([...mutationPaths].sort());
  });

  it("refuses anonymous callers with UNAUTHORIZED", async () => {
    const before = await databaseFingerprint(db);
    const codes = Object.fromEntries(await Promise.all(procedurePaths.map(async (p) => [p, await call(undefined, p)] as const)));
    expect(codes).toEqual(Object.fromEntries(procedurePaths.map((p) => [p, "UNAUTHORIZED"])));
    expect(await databaseFingerprint(db)).toBe(before);
  });

  it("refuses members on admin-only procedures with FORBIDDEN, and members of another team on team-owned ones, writing nothing", async () => {
    const before = await databaseFingerprint(db);
    const refused = procedurePaths.filter((p) => procedures[p]!.access !== "user");
    const codes: Record<string, string> = {};
    for (const p of refused) codes[p] = await call(world.outsider, p);
    expect(codes).toEqual(Object.fromEntries(refused.map((p) => [p, "FORBIDDEN"])));
    const adminOnly = procedurePaths.filter((p) => procedures[p]!.access === "admin");
    for (const p of adminOnly) expect([p, await call(world.owner, p)]).toEqual([p, "FORBIDDEN"]);
    expect(await databaseFingerprint(db)).toBe(before);
  });
});

describe("REST: every route under app/api", () => {
  let routes: Awaited<ReturnType<typeof restRoutes>>;
  beforeAll(async () => {
    routes = await restRoutes();
  });

  it("is in the matrix, and the matrix names nothing that is gone", () => {
    expect([...routes.keys()].sort()).toEqual(Object.keys(rest).sort());
  });

  it("answers 401 without a token (or session), except health, the OpenAPI document and sign-in; writes nothing", async () => {
    session.user = undefined;
    const before = await databaseFingerprint(db);
    const statuses: Record<string, number> = {};
    const expected: Record<string, number> = {};
    for (const [key, handler] of routes) {
      const access = rest[key]!.access;
      if (access === "public" || access === "auth") continue;
      const { req, ctx } = restRequest(world, key, null);
      statuses[key] = (await handler(req, ctx)).status;
      expected[key] = 401;
    }
    expect(statuses).toEqual(expected);
    // A token that does not exist is no better than none.
    for (const [key, handler] of routes) {
      if (!["token", "admin", "owner"].includes(rest[key]!.access)) continue;
      const { req, ctx } = restRequest(world, key, "Bearer ptc_not-a-real-token-0000000000");
      expect([key, (await handler(req, ctx)).status]).toEqual([key, 401]);
    }
    expect(await databaseFingerprint(db)).toBe(before);
  });

  it("answers 403 to a member token on admin-only and team-owned routes, and to a member's session on admin ones; writes nothing", async () => {
    session.user = world.outsider;
    const before = await databaseFingerprint(db);
    const statuses: Record<string, number> = {};
    const expected: Record<string, number> = {};
    for (const [key, handler] of routes) {
      const access = rest[key]!.access;
      if (!["admin", "owner", "session-admin"].includes(access) && key !== "POST /api/trpc/[trpc]") continue;
      const { req, ctx } = restRequest(world, key, "Bearer static-reader-secret-0123");
      statuses[key] = (await handler(req, ctx)).status;
      expected[key] = 403;
    }
    expect(statuses).toEqual(expected);
    expect(await databaseFingerprint(db)).toBe(before);
  });

  it("serves a member token the routes any token may read, and health without one", async () => {
    session.user = world.outsider;
    for (const [key, handler] of routes) {
      const access = rest[key]!.access;
      if (access !== "token" && access !== "public" && key !== "GET /api/trpc/[trpc]") continue;
      const { req, ctx } = restRequest(world, key, access === "public" ? null : "Bearer static-reader-secret-0123");
      expect([key, (await handler(req, ctx)).status]).toEqual([key, 200]);
    }
  });
});

// Last, because the owning team's calls change the world (one deletes payments-api).
describe("what the matrix allows", () => {
  it("lets a member call what every user may, and the owning team what it owns (the matrix is not refusing everything)", async () => {
    const allowed = procedurePaths.filter((p) => procedures[p]!.access === "user");
    for (const p of allowed) expect([p, await call(world.outsider, p)]).not.toEqual([p, expect.stringMatching(/^(UNAUTHORIZED|FORBIDDEN)$/)]);
    // Owner calls that would remove what later calls need go last.
    const owned = procedurePaths.filter((p) => procedures[p]!.access === "owner").sort((a) => (a === "catalog.deleteEntity" ? 1 : -1));
    for (const p of owned) expect([p, await call(world.owner, p)]).not.toEqual([p, expect.stringMatching(/^(UNAUTHORIZED|FORBIDDEN)$/)]);
  });
});
