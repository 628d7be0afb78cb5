import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { EntityPageHeader } from "@/components/catalog/entity-page-header";
import { EntityTabs } from "@/components/catalog/entity-tabs";
import { hasDocs } from "@/server/docs/location";
import { CiRuns } from "@/components/delivery/ci-runs";
import { DeploymentsTable } from "@/components/delivery/deployments-table";
import { DoraReport } from "@/components/delivery/dora-report";
import { VersionMatrix } from "@/components/delivery/version-matrix";
import { Card, CardTitle } from "@/components/ui/card";
import { serverCaller } from "@/components/trpc/server";

type Params = { blueprint: string; identifier: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: `${(await params).identifier} · Delivery` };
}

/** A service's delivery: versions across environments, CI runs, deployments, DORA metrics. */
export default async function ServiceDeliveryPage({ params }: { params: Promise<Params> }) {
  const { blueprint, identifier } = await params;
  if (blueprint !== "service") notFound();
  const caller = await serverCaller();
  // A missing service is the not-found page (serverCaller).
  const [entity, delivery] = await Promise.all([caller.catalog.entity({ blueprint, identifier }), caller.delivery.service({ service: identifier })]);
  const me = await caller.me.get();
  return (
    <>
      <EntityPageHeader blueprint="service" blueprintTitle="Service" entity={entity} />
      <EntityTabs blueprint={blueprint} identifier={identifier} current="delivery" docs={hasDocs(entity.properties)} />
      <div className="space-y-4">
        <Card>
          <CardTitle>Versions across environments</CardTitle>
          <VersionMatrix matrix={delivery.matrix} />
        </Card>
        <Card>
          <CardTitle>CI runs</CardTitle>
          <CiRuns service={identifier} isAdmin={me.role === "admin"} />
        </Card>
        <Card>
          <CardTitle>DORA metrics</CardTitle>
          <DoraReport service={identifier} />
        </Card>
        <Card>
          <CardTitle>Recent deployments</CardTitle>
          <DeploymentsTable deployments={delivery.deployments} />
        </Card>
      </div>
    </>
  );
}
