import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { getCurrentUser } from "@/server/auth/session";
import { safeCallbackUrl } from "@/server/auth/callback-url";
import { getDb } from "@/server/db";
import { getEnv, publicUrl } from "@/server/env";
import { listDemoUsers } from "@/server/identity/users";
import { signInAsDemoUser, signInWithProvider } from "./actions";

export const metadata: Metadata = { title: "Sign in" };

const errors: Record<string, (params: Record<string, string | undefined>) => string> = {
  AccessDenied: () => "Your identity provider refused access.",
  MissingClaim: (p) =>
    `Your identity provider did not send the claim Portico needs: ${p.claim ?? "email"}. An administrator can add it to the tokens or userinfo at the identity provider (README, Single sign-on).`,
  UnverifiedEmail: () =>
    "Your identity provider has not verified your email address, and a Portico user with that address already exists. Verify the address at your identity provider, or ask an administrator.",
  DemoUser: () => "That address belongs to a demo user, which an SSO account can never become.",
  IdentityConflict: () => "Another account at your identity provider already signs in as this Portico user. Ask an administrator.",
  CredentialsSignin: () => "That demo user does not exist any more.",
  Configuration: () => "Sign-in is misconfigured on the server. An administrator can find the details in the logs.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl, publicUrl());
  if (await getCurrentUser()) redirect(callbackUrl);

  const env = getEnv();
  const demoUsers = env.demoSignIn ? await listDemoUsers({ db: getDb() }) : [];
  const providers = [
    env.oidcConfigured && { id: "oidc", name: env.AUTH_OIDC_NAME },
    env.githubConfigured && { id: "github", name: "GitHub" },
  ].filter((p): p is { id: string; name: string } => Boolean(p));

  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-md space-y-4">
        <div className="text-center">
          <p className="text-3xl font-semibold tracking-tight">Portico</p>
          <h1 className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Sign in to your developer portal</h1>
        </div>
        {params.error ? (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/40 dark:text-red-300">
            {(Object.hasOwn(errors, params.error) ? errors[params.error]!(params) : null) ?? "Sign-in failed. Try again, or ask an administrator."}
          </p>
        ) : null}
        {params.signedOut ? (
          <p role="status" className="rounded-md border border-zinc-200 bg-white px-3 py-2 text-sm dark:border-zinc-800 dark:bg-zinc-900">
            You are signed out.
          </p>
        ) : null}

        {providers.length > 0 ? (
          <Card className="space-y-2">
            {providers.map((p) => (
              <form key={p.id} action={signInWithProvider}>
                <input type="hidden" name="provider" value={p.id} />
                <input type="hidden" name="callbackUrl" value={callbackUrl} />
                <Button type="submit" className="w-full">
                  Continue with {p.name}
                </Button>
              </form>
            ))}
          </Card>
        ) : null}

        {env.demoSignIn ? (
          <Card className="space-y-3" aria-labelledby="demo-signin">
            <div>
              <h2 id="demo-signin" className="font-semibold">
                Local demo sign-in
              </h2>
              <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
                No single sign-on is configured and Portico runs on its embedded database, so you can pick a demo user.
                This choice disappears as soon as you configure SSO (see README, Configuration).
              </p>
            </div>
            {demoUsers.length === 0 ? (
              <p className="text-sm text-zinc-600 dark:text-zinc-400">
                There are no demo users: demo data is off (PORTICO_DEMO_DATA=false) or the database was not empty.
              </p>
            ) : (
              <ul className="space-y-2">
                {demoUsers.map((u) => (
                  <li key={u.id}>
                    <form action={signInAsDemoUser}>
                      <input type="hidden" name="userId" value={u.id} />
                      <input type="hidden" name="callbackUrl" value={callbackUrl} />
                      <Button type="submit" variant="secondary" className="w-full">
                        <span>Sign in as {u.name ?? u.email}</span>
                        <span className="text-xs text-zinc-500">{u.role}</span>
                      </Button>
                    </form>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        ) : null}

        {providers.length === 0 && !env.demoSignIn ? (
          <Card>
            <p className="text-sm">
              No sign-in provider is configured. Set AUTH_OIDC_ISSUER, AUTH_OIDC_ID and AUTH_OIDC_SECRET, or AUTH_GITHUB_ID and
              AUTH_GITHUB_SECRET.
            </p>
          </Card>
        ) : null}
      </div>
    </main>
  );
}
