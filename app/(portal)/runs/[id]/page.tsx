import type { Metadata } from "next";
import { TRPCError } from "@trpc/server";
import { notFound } from "next/navigation";
import { RunView } from "@/components/actions/run-view";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";

type Params = { id: string };

export async function generateMetadata(): Promise<Metadata> {
  return { title: "Run" };
}

/** One run: status timeline, inputs, approvals, live logs, link, summary, affected entities, cancel. */
export default async function RunPage({ params }: { params: Promise<Params> }) {
  const { id } = await params;
  try {
    // fetchQuery (not prefetch) so that an unknown run is a 404 page.
    await getQueryClient().fetchQuery(trpc.runs.get.queryOptions({ id }));
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  return (
    <HydrateClient>
      <RunView id={id} />
    </HydrateClient>
  );
}
