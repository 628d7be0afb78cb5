import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/states";

export const metadata: Metadata = { title: "Self-service" };

export default function SelfServicePage() {
  return (
    <>
      <PageHeader title="Self-service" description="Golden paths: create, deploy and operate software through a form." />
      <EmptyState title="No self-service actions yet">
        Admins publish actions (create a service, provision a database, deploy) that you run from here.
      </EmptyState>
    </>
  );
}
