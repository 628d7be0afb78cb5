import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { HydrateClient, prefetch, trpc } from "@/components/trpc/server";
import { TeamList } from "../_components/team-list";

export const metadata: Metadata = { title: "Teams" };

export default async function TeamsAdminPage() {
  await prefetch(trpc.teams.list.queryOptions());
  return (
    <HydrateClient>
      <PageHeader title="Teams" description="Teams own entities. Map a team to an IdP group to fill it from single sign-on." />
      <TeamList />
    </HydrateClient>
  );
}
