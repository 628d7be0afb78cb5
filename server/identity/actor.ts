import { eq, sql } from "drizzle-orm";
import { users } from "@/db/schema";
import type { ServiceContext, UserActor } from "../context";

/**
 * A user as services see them (role and team ids), as columns of a select over `users`: one
 * definition for loading a user alone and for loading the user of a session in the same query.
 */
export const userActorColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  image: users.image,
  role: users.role,
  teamIds: sql<string[]>`coalesce((select array_agg(m.team_id order by m.team_id) from team_members m where m.user_id = ${users.id}), '{}')`,
};

export const toUserActor = (row: Omit<UserActor, "kind">): UserActor => ({ kind: "user", ...row });

/** The user as services see them, with their team ids. Undefined if they no longer exist. */
export async function loadUserActor(ctx: Pick<ServiceContext, "db">, userId: string): Promise<UserActor | undefined> {
  const [row] = await ctx.db.select(userActorColumns).from(users).where(eq(users.id, userId));
  return row ? toUserActor(row) : undefined;
}
