import type { Metadata } from "next";
import { EntityLink } from "@/components/catalog/entity-link";
import { PropertyValue } from "@/components/catalog/property-value";
import { PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/states";
import { Table, Td, Th } from "@/components/ui/table";
import { serverCaller } from "@/components/trpc/server";

export const metadata: Metadata = { title: "Environments" };

export default async function EnvironmentsPage() {
  const caller = await serverCaller();
  const [blueprint, page] = await Promise.all([
    caller.catalog.blueprint({ identifier: "environment" }),
    caller.catalog.entities({ blueprint: "environment", limit: 100 }),
  ]);
  const props = blueprint.schema.properties;
  return (
    <>
      <PageHeader title="Environments" description="Where your software runs: clusters and namespaces per stage." />
      {page.items.length === 0 ? (
        <EmptyState title="No environments yet">Environments are entities of the built-in Environment blueprint.</EmptyState>
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>Environment</Th>
              <Th>Type</Th>
              <Th>Cluster</Th>
              <Th>Namespace</Th>
              <Th>Expires</Th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((e) => (
              <tr key={e.identifier}>
                <Td>
                  <EntityLink blueprint="environment" identifier={e.identifier} title={e.title} />
                </Td>
                {(["type", "cluster", "namespace", "expiresAt"] as const).map((key) => (
                  <Td key={key}>
                    <PropertyValue value={e.properties[key]} definition={props[key]} />
                  </Td>
                ))}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
