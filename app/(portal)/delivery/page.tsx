import type { Metadata } from "next";
import { DoraReport } from "@/components/delivery/dora-report";
import { Card, PageHeader } from "@/components/ui/card";
import { serverCaller } from "@/components/trpc/server";

export const metadata: Metadata = { title: "Delivery" };

/** DORA metrics of the organisation or a team. */
export default async function DeliveryPage() {
  const caller = await serverCaller();
  const teams = await caller.teams.list();
  return (
    <>
      <PageHeader
        title="Delivery"
        description="DORA metrics over production deployments: how often, how fast, how often it breaks and how fast it is fixed, compared with the window before."
      />
      <Card>
        <DoraReport teams={teams.map((t) => ({ id: t.id, title: t.title }))} />
      </Card>
    </>
  );
}
