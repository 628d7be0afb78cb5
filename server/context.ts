import type { DbOrTx } from "@/db/client";
import type { AuditOrigin, Role } from "@/db/schema";
import { forbidden } from "./errors";

export type UserActor = {
  kind: "user";
  id: string;
  email: string;
  name: string | null;
  image: string | null;
  role: Role;
  teamIds: string[];
};
export type SystemActor = { kind: "system"; id: "system"; role: "admin" };
/** An API token (static from configuration, or created in the UI): a role, no teams. */
export type TokenActor = {
  kind: "token";
  id: string;
  name: string;
  role: Role;
  /** An admin token created with the MCP builder tools switched on (static tokens have none). */
  builderTools?: boolean;
};
export type Actor = UserActor | SystemActor | TokenActor;

/** What every service function receives: who acts, through what, on which database handle. */
export type ServiceContext = {
  db: DbOrTx;
  actor: Actor;
  origin: AuditOrigin;
  /** The server's id of the request (or `run-<id>` for what a run does). */
  requestId: string;
  /** The caller's own X-Request-Id, when it sent a well-formed one. */
  clientRequestId?: string | null;
  ip?: string | null;
};

export const systemActor: SystemActor = { kind: "system", id: "system", role: "admin" };

export function actorLabel(actor: Actor): string {
  if (actor.kind === "user") return actor.email;
  if (actor.kind === "token") return `token:${actor.name}`;
  return "system";
}

/** The teams an actor belongs to (tokens and the system belong to none). */
export function actorTeams(actor: Actor): string[] {
  return actor.kind === "user" ? actor.teamIds : [];
}

export function isAdmin(actor: Actor): boolean {
  return actor.role === "admin";
}

/** Throws 403 "Only admins can <what>" unless the actor is an admin. */
export function requireAdmin(ctx: Pick<ServiceContext, "actor">, what: string) {
  if (!isAdmin(ctx.actor)) throw forbidden(`Only admins can ${what}`);
}
