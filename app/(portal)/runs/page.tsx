import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/states";

export const metadata: Metadata = { title: "Runs" };

export default function RunsPage() {
  return (
    <>
      <PageHeader title="Runs" description="Every self-service run, its status and its logs." />
      <EmptyState title="No runs yet">Runs of self-service actions are listed here, newest first.</EmptyState>
    </>
  );
}
