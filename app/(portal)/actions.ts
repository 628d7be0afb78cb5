"use server";

import { redirect } from "next/navigation";
import { auth, signOut } from "@/server/auth";
import { endSession } from "@/server/identity/sessions";
import { endSessionUrl } from "@/server/auth/oidc-client";
import { getDb } from "@/server/db";
import { getEnv, publicUrl } from "@/server/env";

/**
 * Signs out: ends the server-side session, clears the cookie and, when the user came through an
 * OpenID Connect provider that offers RP-initiated logout, ends the IdP's session too (the IdP then
 * sends the browser back to the sign-in page).
 */
export async function signOutAction() {
  const env = getEnv();
  const session = await auth();
  const ended = session?.sid ? await endSession({ db: getDb() }, session.sid, "signed-out") : undefined;
  await signOut({ redirect: false });
  const signedOut = `${publicUrl(env)}/signin?signedOut=1`;
  if (ended?.provider === "oidc" && env.AUTH_OIDC_ISSUER && env.AUTH_OIDC_ID) {
    const idp = await endSessionUrl(env.AUTH_OIDC_ISSUER, { idToken: ended.tokens?.id_token, clientId: env.AUTH_OIDC_ID, postLogoutRedirect: signedOut });
    if (idp) redirect(idp);
  }
  redirect("/signin?signedOut=1");
}
