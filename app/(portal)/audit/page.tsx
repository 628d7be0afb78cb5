import type { Metadata } from "next";
import { Forbidden } from "@/components/shell/forbidden";
import { PageHeader } from "@/components/ui/card";
import { HydrateClient, prefetch, trpc } from "@/components/trpc/server";
import { getCurrentUser } from "@/server/auth/session";
import { AuditLog } from "./_components/audit-log";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage() {
  const user = await getCurrentUser();
  if (user?.role !== "admin") return <Forbidden what="The audit log" />;
  await prefetch(trpc.audit.filterOptions.queryOptions());
  return (
    <HydrateClient>
      <PageHeader title="Audit log" description="Every change in Portico: who, what, when, from where, before and after." />
      <AuditLog />
    </HydrateClient>
  );
}
