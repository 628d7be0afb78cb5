import type { DbOrTx } from "@/db/client";
import type { AuditOrigin, Role } from "@/db/schema";

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
export type Actor = UserActor | SystemActor;

/** What every service function receives: who acts, through what, on which database handle. */
export type ServiceContext = {
  db: DbOrTx;
  actor: Actor;
  origin: AuditOrigin;
  requestId: string;
  ip?: string | null;
};

export const systemActor: SystemActor = { kind: "system", id: "system", role: "admin" };

export function actorLabel(actor: Actor): string {
  return actor.kind === "user" ? actor.email : "system";
}

export function isAdmin(actor: Actor): boolean {
  return actor.role === "admin";
}
