import type { Metadata } from "next";
import { HydrateClient, prefetch, prefetchResource, trpc } from "@/components/trpc/server";
import { TeamDetail } from "../../_components/team-detail";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Team ${(await params).id}` };
}

export default async function TeamAdminPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await Promise.all([prefetchResource(trpc.teams.get.queryOptions({ id })), prefetch(trpc.users.list.queryOptions({}))]);
  return (
    <HydrateClient>
      <TeamDetail id={id} />
    </HydrateClient>
  );
}
