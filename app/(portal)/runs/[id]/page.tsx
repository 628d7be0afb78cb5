import type { Metadata } from "next";
import { RunView } from "@/components/actions/run-view";
import { HydrateClient, prefetchResource, trpc } from "@/components/trpc/server";

type Params = { id: string };

export async function generateMetadata(): Promise<Metadata> {
  return { title: "Run" };
}

/** One run: status timeline, inputs, approvals, live logs, link, summary, affected entities, cancel. */
export default async function RunPage({ params }: { params: Promise<Params> }) {
  const { id } = await params;
  await prefetchResource(trpc.runs.get.queryOptions({ id }));
  return (
    <HydrateClient>
      <RunView id={id} />
    </HydrateClient>
  );
}
