import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Card } from "@/components/ui/card";
import { getCurrentUser } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { checkAuthorizationRequest } from "@/server/oauth/authorize";
import { SCOPES } from "@/server/oauth/metadata";
import { Consent } from "./consent";

export const metadata: Metadata = { title: "Connect an assistant" };
export const dynamic = "force-dynamic";

/**
 * The OAuth consent screen for MCP clients, behind the SSO session: the signed-in person sees which
 * application asks, where the answer goes and what it may do as them, and allows or denies it.
 */
export default async function AuthorizePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = await searchParams;
  const params = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const user = await getCurrentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(`/oauth/authorize?${new URLSearchParams(params as Record<string, string>).toString()}`)}`);
  const check = await checkAuthorizationRequest(getDb(), params);
  if (check.kind === "redirect") redirect(check.url);

  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-lg space-y-4">
        <div className="text-center">
          <p className="text-3xl font-semibold tracking-tight">Portico</p>
          <h1 className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Connect an AI assistant</h1>
        </div>
        {check.kind === "error" ? (
          <Card>
            <p role="alert" className="text-sm text-red-700 dark:text-red-400">
              {check.message}
            </p>
            <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">Nothing was sent back to the application. Start the connection again from the assistant.</p>
          </Card>
        ) : (
          <Consent
            params={params as Record<string, string>}
            client={check.request.client}
            redirectHost={new URL(check.request.redirectUri).host || check.request.redirectUri}
            user={{ email: user.email, role: user.role }}
            asksBuilder={check.request.scopes.includes(SCOPES.builder)}
          />
        )}
      </div>
    </main>
  );
}
