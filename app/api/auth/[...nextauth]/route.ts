import type { NextRequest } from "next/server";
import { handlers } from "@/server/auth";
import { getCurrentSession } from "@/server/auth/session";

/**
 * Auth.js's routes, except that `GET /api/auth/session` answers from the server-side session: a
 * cookie whose session was ended (signed out elsewhere, by an admin, by the IdP) is nobody.
 */
export async function GET(req: NextRequest) {
  if (new URL(req.url).pathname.replace(/\/+$/, "") === "/api/auth/session") {
    const current = await getCurrentSession();
    const body = current
      ? { user: { name: current.actor.name, email: current.actor.email, image: current.actor.image }, expires: current.session.expiresAt.toISOString() }
      : null;
    return Response.json(body, { headers: { "cache-control": "private, no-cache, no-store" } });
  }
  return handlers.GET(req);
}

export const { POST } = handlers;
