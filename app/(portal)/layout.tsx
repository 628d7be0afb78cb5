import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { PortalShell } from "@/components/shell/portal-shell";
import { getCurrentUser } from "@/server/auth/session";
import { signOutAction } from "./actions";

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const user = await getCurrentUser();
  if (!user) {
    const back = (await headers()).get("x-pathname") ?? "/";
    redirect(`/signin?callbackUrl=${encodeURIComponent(back)}`);
  }
  return (
    <PortalShell user={user} signOutAction={signOutAction}>
      {children}
    </PortalShell>
  );
}
