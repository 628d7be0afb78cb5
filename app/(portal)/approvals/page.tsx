import type { Metadata } from "next";
import { RunTable } from "@/components/actions/run-list";
import { PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/states";
import { serverCaller } from "@/components/trpc/server";

export const metadata: Metadata = { title: "Approvals" };

/** Runs waiting for the user's approval. */
export default async function ApprovalsPage() {
  const caller = await serverCaller();
  const page = await caller.runs.list({ awaitingMe: true, limit: 100 });
  return (
    <>
      <PageHeader title="Approvals" description="Runs that wait for you to approve or decline them." />
      {page.items.length === 0 ? <EmptyState title="Nothing waits for you">Runs of actions you approve appear here until someone decides.</EmptyState> : <RunTable runs={page.items} />}
    </>
  );
}
