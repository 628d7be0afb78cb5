import fs from "node:fs";
import path from "node:path";
import { TRPCError } from "@trpc/server";
import type { Db } from "@/db/client";
import type { UserActor } from "@/server/context";
import { appRouter } from "@/server/trpc/root";
import { callerFor } from "./db";
import { procedures, restRequestParts, type World } from "./surface-matrix";

/** In-process access to the surface the matrix describes: the tRPC caller and the REST handlers themselves. */
export * from "./surface-matrix";
export type RestHandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** The app router's procedures by dotted path, as tRPC keeps them. */
const routerProcedures = (appRouter as unknown as { _def: { procedures: Record<string, { _def: { type: "query" | "mutation" | "subscription" } }> } })._def.procedures;
export const procedurePaths = Object.keys(routerProcedures).sort();
export const procedureType = (procedurePath: string) => routerProcedures[procedurePath]!._def.type;

/**
 * Calls a procedure by its dotted path through the caller the HTTP handler uses, with the matrix's
 * valid input unless one is given, and returns the tRPC code or OK.
 */
export async function callProcedure(db: Db, world: World, user: UserActor | undefined, procedurePath: string, input: unknown = procedures[procedurePath]!.input?.(world)): Promise<string> {
  const caller = callerFor(db, user) as unknown as Record<string, Record<string, (input?: unknown) => Promise<unknown>>>;
  const [router, name] = procedurePath.split(".") as [string, string];
  try {
    await caller[router]![name]!(input);
    return "OK";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

/** Every `route.ts` under app/api with the HTTP methods it exports, as `METHOD /api/...`. */
export async function restRoutes(): Promise<Map<string, RestHandler>> {
  const root = path.resolve("app/api");
  const found = new Map();
  const walk = async (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.name === "route.ts") {
        const mod = (await import(/* @vite-ignore */ full)) as Record<string, unknown>;
        const route = `/api/${path.relative(root, dir).split(path.sep).join("/")}`;
        for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) if (typeof mod[method] === "function") found.set(`${method} ${route}`, mod[method]);
      }
    }
  };
  await walk(root);
  return found;
}

/** The request the matrix sends to a route handler (the route's valid body unless one is given), with its params. */
export function restRequest(world: World, key: string, auth: string | null, override?: { body: unknown }) {
  const { method, url, headers, body, params } = restRequestParts(world, key, auth, override);
  return { req: new Request(url, { method, headers, body }), ctx: { params: Promise.resolve(params) } };
}
