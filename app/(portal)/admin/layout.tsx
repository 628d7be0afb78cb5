import Link from "next/link";
import { Forbidden } from "@/components/shell/forbidden";
import { getCurrentUser } from "@/server/auth/session";

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const user = await getCurrentUser();
  if (user?.role !== "admin") return <Forbidden what="The admin section" />;
  return (
    <div>
      <nav aria-label="Admin" className="mb-6 flex gap-4 border-b border-zinc-200 text-sm dark:border-zinc-800">
        <Link href="/admin/teams" className="-mb-px border-b-2 border-transparent pb-2 hover:border-zinc-400">
          Teams
        </Link>
        <Link href="/admin/users" className="-mb-px border-b-2 border-transparent pb-2 hover:border-zinc-400">
          Users and roles
        </Link>
        <Link href="/audit" className="-mb-px border-b-2 border-transparent pb-2 hover:border-zinc-400">
          Audit log
        </Link>
      </nav>
      {children}
    </div>
  );
}
