"use server";

import { signIn } from "@/server/auth";
import { getEnv, publicUrl } from "@/server/env";
import { safeCallbackUrl } from "@/server/auth/callback-url";

export async function signInWithProvider(formData: FormData) {
  const provider = String(formData.get("provider") ?? "");
  const env = getEnv();
  const allowed = [env.oidcConfigured && "oidc", env.githubConfigured && "github"].filter(Boolean);
  if (!allowed.includes(provider)) throw new Error("Unknown sign-in provider");
  await signIn(provider, { redirectTo: safeCallbackUrl(formData.get("callbackUrl"), publicUrl()) });
}

export async function signInAsDemoUser(formData: FormData) {
  if (!getEnv().demoSignIn) throw new Error("The demo sign-in is not available");
  await signIn("demo", {
    userId: String(formData.get("userId") ?? ""),
    redirectTo: safeCallbackUrl(formData.get("callbackUrl"), publicUrl()),
  });
}
