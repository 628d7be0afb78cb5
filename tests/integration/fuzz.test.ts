import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { UserActor } from "@/server/context";
import { createTestDatabase } from "../support/db";
import { callProcedure, procedurePaths, procedures, procedureType, rest, restRequest, restRoutes, type RestHandler, type World } from "../support/surface";
import { jsonPaths, setAt } from "../support/mutate";
import { buildWorld, databaseFingerprint } from "../support/world";

// Issue 7, item 5: generated bodies for every mutating REST route and every tRPC mutation, sent as an
// admin so that they reach validation and the services: never a 500, and nothing written on a 4xx.
const { db, url } = await createTestDatabase();
process.env.PORTICO_EMBEDDED_DATABASE_URL = url;
process.env.PORTICO_ENCRYPTION_KEY = "fuzz-encryption-key-0123456789-abcdef";
process.env.PORTICO_STATIC_TOKENS = "ci:admin:static-admin-secret-0123";
process.env.PORTICO_API_RATE_LIMIT = "0";
const session = vi.hoisted(() => ({ user: undefined as UserActor | undefined }));
vi.mock("@/server/auth/session", () => ({ getCurrentUser: async () => session.user }));

const RUNS = Number(process.env.FUZZ_RUNS ?? 20);
let world: World;
beforeAll(async () => {
  world = await buildWorld(db);
  session.user = world.admin;
});

/** Odd values that have broken parsers before: huge, negative, wrong types, unicode, prototype keys. */
const nasty = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom("", " ", "\u0000", "😀".repeat(300), "x".repeat(10_001), "../../etc/passwd", "' or 1=1 --", "{{ 7*7 }}", "__proto__", "constructor", -1, 0, 1e308, -0, 2 ** 53, null, true, [], {}),
  fc.dictionary(fc.constantFrom("__proto__", "constructor", "toString", "$team", "identifier", ""), fc.jsonValue({ maxDepth: 1 })),
);

/** A valid input with one value replaced (or removed), or something else entirely. */
function bodies(valid: unknown) {
  const targets = jsonPaths(valid);
  return fc.oneof(
    { weight: 3, arbitrary: fc.tuple(fc.integer({ min: 0, max: targets.length - 1 }), nasty, fc.boolean()).map(([i, v, remove]) => setAt(valid, targets[i]!, v, remove)) },
    { weight: 1, arbitrary: nasty },
  );
}

it("the fingerprint notices a one-row change, so 'nothing written' means something", async () => {
  const before = await databaseFingerprint(db);
  expect(await callProcedure(db, world, world.admin, "teams.update", { id: "search", title: "Search (renamed)" })).toBe("OK");
  expect(await databaseFingerprint(db)).not.toBe(before);
});

describe("fuzzing tRPC mutations", () => {
  // A mutation without input (integrations.syncGithub) has nothing to fuzz.
  const mutations = procedurePaths.filter((p) => procedureType(p) === "mutation" && procedures[p]!.input);

  it("covers every mutation", () => {
    expect(mutations.length).toBeGreaterThan(30);
  });

  it.each(mutations)("%s: never INTERNAL_SERVER_ERROR, nothing written when refused", async (procedurePath) => {
    const valid = procedures[procedurePath]!.input?.(world) ?? {};
    await fc.assert(
      fc.asyncProperty(bodies(valid), async (input) => {
        const before = await databaseFingerprint(db);
        const code = await callProcedure(db, world, world.admin, procedurePath, input);
        expect(code).not.toBe("INTERNAL_SERVER_ERROR");
        if (code !== "OK") expect(await databaseFingerprint(db)).toBe(before);
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 7) },
    );
  });
});

describe("fuzzing REST writes", () => {
  let routes: Map<string, RestHandler>;
  beforeAll(async () => {
    routes = await restRoutes();
  });
  const writes = Object.keys(rest).filter((k) => /^(POST|PUT|PATCH|DELETE) \/api\/v1\//.test(k));

  it("covers every REST write", () => {
    expect(writes.length).toBeGreaterThan(15);
  });

  it.each(writes)("%s: never 500, nothing written on a 4xx", async (key) => {
    const handler = routes.get(key)!;
    const valid = rest[key]!.body ?? {};
    const raw = fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom("{", "[1,", "null", "\"text\"", "{\"a\":1}{", "\uFEFF{}"));
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 4, arbitrary: bodies(valid).map((b) => JSON.stringify(b) ?? "") }, { weight: 1, arbitrary: raw }), async (body) => {
        const before = await databaseFingerprint(db);
        const { req, ctx } = restRequest(world, key, "Bearer static-admin-secret-0123", { body });
        const res = await handler(req, ctx);
        expect(res.status, `${key} with ${body.slice(0, 300)}`).toBeLessThan(500);
        if (res.status >= 400) {
          const payload = (await res.json()) as { error?: { code?: string; message?: string } };
          expect(payload.error?.message).toEqual(expect.any(String));
          expect(await databaseFingerprint(db)).toBe(before);
        }
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 7) },
    );
  });
});
