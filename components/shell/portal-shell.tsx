import Link from "next/link";
import { CommandPalette } from "@/components/shell/command-palette";
import { NotificationBell } from "@/components/shell/notifications";
import { ResponsiveSidebar } from "@/components/shell/responsive-sidebar";
import { SidebarNav } from "@/components/shell/sidebar";
import { UserMenu } from "@/components/shell/user-menu";

type ShellUser = { email: string; name: string | null; role: "admin" | "member" };

/**
 * The signed-in app's frame: sidebar (navigation, Ctrl-K, notifications, user menu; a drawer on narrow
 * screens) and the main column.
 */
export function PortalShell({ user, signOutAction, children }: { user: ShellUser; signOutAction: () => Promise<void>; children: React.ReactNode }) {
  return (
    <div className="min-h-screen md:flex">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        Skip to content
      </a>
      <ResponsiveSidebar
        brand={
          <Link href="/" className="flex items-center gap-2 px-2.5 text-lg font-semibold tracking-tight">
            <span aria-hidden className="size-5 rounded bg-brand-600" /> Portico
          </Link>
        }
      >
        <CommandPalette isAdmin={user.role === "admin"} />
        <SidebarNav isAdmin={user.role === "admin"} />
        <div className="mt-auto">
          <NotificationBell />
          <UserMenu user={{ email: user.email, name: user.name, role: user.role }} signOutAction={signOutAction} />
        </div>
      </ResponsiveSidebar>
      <main id="main" className="min-w-0 flex-1 px-4 py-6 md:px-8 md:py-8">
        <div className="mx-auto max-w-6xl">{children}</div>
      </main>
    </div>
  );
}
