import type { z, ZodObject, ZodType } from "zod";
import type { ServiceContext } from "../../context";

/**
 * One operation of Portico's API, declared once: the REST route (server/api/contract/rest.ts), the
 * OpenAPI document (openapi.ts) and the tools for assistants derive from this declaration; the
 * service it calls is the one the tRPC procedures call.
 */

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * How the caller proves who it is:
 * - `token`: `Authorization: Bearer <API token>` (created in the UI or static), rate limited per token;
 * - `run`: the run's own callback token (from its payload), or an admin API token;
 * - `session`: the signed-in browser's session cookie (the portal's own pages);
 * - `none`: anyone (health, this document).
 */
export type Authentication = "token" | "run" | "session" | "none";

/**
 * The least role that may call it. `admin` is checked before the body is read; `member` means
 * any authenticated caller, the services checking resource rules (team ownership, action
 * permissions) next to the query that they guard.
 */
export type Role = "member" | "admin";

/** What calling it does, as MCP tool annotations say it. */
export type Effect = {
  /** Changes nothing. */
  readOnly: boolean;
  /** May remove or overwrite what exists (not only add). */
  destructive: boolean;
  /** Calling it again with the same arguments changes nothing more. */
  idempotent: boolean;
};

export const reads: Effect = { readOnly: true, destructive: false, idempotent: true };
export const creates: Effect = { readOnly: false, destructive: false, idempotent: false };
export const replaces: Effect = { readOnly: false, destructive: true, idempotent: true };
export const removes: Effect = { readOnly: false, destructive: true, idempotent: true };

/** A documented answer: its description and the schema of its JSON body (or another content type). */
export type ResponseSpec = { description: string; schema?: ZodType; contentType?: string };

/**
 * The request body. `read: "json"` (the default) reads JSON up to `maxBytes` and hands it to the
 * handler as sent — the service validates it with the same schema as `schema` (one definition), so
 * its problems carry the service's paths. `read: "self"` leaves the body to the handler (a YAML
 * upload it streams). `matchPath` names body fields that, when present, must equal a path parameter
 * (`{identifier: "id"}`): checked here, for every operation alike.
 */
export type BodySpec = {
  schema: ZodType;
  description?: string;
  /** More content types than JSON (an import takes YAML too): content type → schema. */
  alternatives?: Record<string, ZodType>;
  read?: "json" | "self";
  maxBytes?: number;
  /** The body must be a JSON object (not an array, not a scalar). */
  object?: boolean;
  matchPath?: Record<string, string>;
};

/** What a handler answers: the status (200 unless said), the body (JSON unless the status's contentType says) and headers. */
export type Reply = { status?: number; body?: unknown; headers?: Record<string, string> };

type Shape<S extends ZodObject | undefined> = S extends ZodObject ? z.output<S> : Record<string, never>;

export type HandlerArgs<P extends ZodObject | undefined, Q extends ZodObject | undefined, H extends ZodObject | undefined> = {
  ctx: ServiceContext;
  params: Shape<P>;
  query: Shape<Q>;
  headers: Shape<H>;
  /** The JSON body as sent (see BodySpec), or undefined when the operation takes none or reads it itself. */
  body: unknown;
  req: Request;
};

export type OperationSpec<P extends ZodObject | undefined, Q extends ZodObject | undefined, H extends ZodObject | undefined> = {
  /** Stable name, `<resource>.<verb>` (`entities.get`): the MCP tool and the OpenAPI operationId derive from it. */
  id: string;
  method: HttpMethod;
  /** The URL path with `{param}` placeholders, as OpenAPI writes it. */
  path: string;
  /** The OpenAPI tag (the resource group in the reference). */
  tag: string;
  summary: string;
  description?: string;
  auth: Authentication;
  role: Role;
  effect: Effect;
  params?: P;
  query?: Q;
  headers?: H;
  body?: BodySpec;
  responses: Record<number, ResponseSpec>;
  /**
   * Which of the MCP server's tool sets offers it (server/mcp): `developer` (the default) for everyone whose
   * role allows it, `builder` for admins changing the configuration, `false` for none (uploads a tool call
   * cannot carry, the portal's own pages). Only operations authenticated by API tokens become tools.
   */
  tool?: "developer" | "builder" | false;
  /** Error statuses beyond the ones every operation of its kind can answer (400, 401, 403, 404, 413, 429 as they apply). */
  errors?: number[];
  handle: (args: HandlerArgs<P, Q, H>) => Promise<Reply>;
  /**
   * What to ask the person behind an assistant before this call runs, or null when nothing needs asking
   * (running an action that deletes). MCP tools with it take `confirm`; REST callers are automation and
   * are not asked.
   */
  confirmation?: (args: HandlerArgs<P, Q, H>) => Promise<string | null>;
};

export type Operation = OperationSpec<ZodObject | undefined, ZodObject | undefined, ZodObject | undefined>;

/** Declares an operation; the types of `params`, `query` and `headers` flow into `handle`. */
export function defineOperation<P extends ZodObject | undefined = undefined, Q extends ZodObject | undefined = undefined, H extends ZodObject | undefined = undefined>(
  spec: OperationSpec<P, Q, H>,
): Operation {
  return spec as unknown as Operation;
}

/** The error statuses an operation can answer, from its declaration (what the OpenAPI document lists). */
export function errorStatuses(op: Operation): number[] {
  const statuses = new Set<number>(op.errors ?? []);
  if (op.params || op.query || op.headers || op.body) statuses.add(400);
  if (op.auth !== "none") statuses.add(401);
  if (op.auth !== "none") statuses.add(403);
  if (op.params) statuses.add(404);
  if (op.body && op.body.read !== "self") statuses.add(413);
  if (op.body?.read === "self" && op.body.maxBytes) statuses.add(413);
  if (op.auth === "token" || op.auth === "run") statuses.add(429);
  return [...statuses].sort();
}
