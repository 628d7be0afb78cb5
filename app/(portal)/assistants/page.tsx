import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { HydrateClient, prefetch, trpc } from "@/components/trpc/server";
import { getCurrentUser } from "@/server/auth/session";
import { ConnectedAssistants } from "./connected-assistants";

export const metadata: Metadata = { title: "Connected assistants" };

export default async function AssistantsPage() {
  const user = await getCurrentUser();
  await prefetch(trpc.assistants.list.queryOptions({ everyone: false }));
  return (
    <HydrateClient>
      <PageHeader
        title="Connected assistants"
        description="AI assistants you allowed to use Portico as you (MCP, through OAuth). Disconnecting one ends its access at once."
      />
      <ConnectedAssistants isAdmin={user?.role === "admin"} />
    </HydrateClient>
  );
}
