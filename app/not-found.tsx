import Link from "next/link";
import { PortalShell } from "@/components/shell/portal-shell";
import { NotFoundMessage } from "@/components/shell/not-found-message";
import { getCurrentUser } from "@/server/auth/session";
import { signOutAction } from "./(portal)/actions";

/** An address no page answers: HTTP 404, in the app's frame for a signed-in user, with a way to sign in otherwise. */
export default async function NotFound() {
  const user = await getCurrentUser();
  if (user) {
    return (
      <PortalShell user={user} signOutAction={signOutAction}>
        <NotFoundMessage />
      </PortalShell>
    );
  }
  return (
    <main id="main" className="mx-auto max-w-xl px-6 py-16">
      <NotFoundMessage />
      <p className="mt-4 text-center text-sm">
        <Link href="/signin" className="underline">
          Sign in
        </Link>{" "}
        to find what you were looking for.
      </p>
    </main>
  );
}
