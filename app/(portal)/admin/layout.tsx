import Link from "next/link";
import { Forbidden } from "@/components/shell/forbidden";
import { getCurrentUser } from "@/server/auth/session";

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const user = await getCurrentUser();
  if (user?.role !== "admin") return <Forbidden what="The admin section" />;
  return (
    <div>
      <nav aria-label="Admin" className="mb-6 flex flex-wrap gap-4 border-b border-zinc-200 text-sm dark:border-zinc-800">
        {[
          ["/admin/teams", "Teams"],
          ["/admin/users", "Users and roles"],
          ["/admin/blueprints", "Blueprints"],
          ["/admin/scorecards", "Scorecards"],
          ["/admin/actions", "Actions"],
          ["/admin/import", "Import"],
          ["/admin/integrations", "Integrations"],
          ["/admin/tokens", "API tokens"],
          ["/audit", "Audit log"],
        ].map(([href, label]) => (
          <Link key={href} href={href!} className="-mb-px border-b-2 border-transparent pb-2 hover:border-zinc-400">
            {label}
          </Link>
        ))}
      </nav>
      {children}
    </div>
  );
}
