import "server-only";
import { cache } from "react";
import { getDb } from "../db";
import type { UserActor } from "../context";
import { loadUserActor } from "../identity/users";
import { auth } from "./index";

/** The signed-in user, read once per request; undefined when signed out or the user was deleted. */
export const getCurrentUser = cache(async (): Promise<UserActor | undefined> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return undefined;
  return loadUserActor({ db: getDb() }, id);
});
