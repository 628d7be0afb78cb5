import type { Metadata } from "next";
import Link from "next/link";
import { Plus } from "lucide-react";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/states";
import { Table, Td, Th } from "@/components/ui/table";
import { serverCaller } from "@/components/trpc/server";

export const metadata: Metadata = { title: "Blueprints" };

export default async function BlueprintsAdminPage() {
  const blueprints = await (await serverCaller()).catalog.blueprints();
  return (
    <>
      <PageHeader
        title="Blueprints"
        description="Entity types of the catalog: their properties, relations and mirror properties."
        actions={
          <Button asChild>
            <Link href="/admin/blueprints/new">
              <Plus aria-hidden className="size-4" /> New blueprint
            </Link>
          </Button>
        }
      />
      {blueprints.length === 0 ? (
        <EmptyState title="No blueprints yet">Create one to start filling the catalog.</EmptyState>
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>Blueprint</Th>
              <Th>Identifier</Th>
              <Th className="text-right">Entities</Th>
            </tr>
          </thead>
          <tbody>
            {blueprints.map((b) => (
              <tr key={b.identifier}>
                <Td>
                  <Link className="font-medium text-brand-700 hover:underline dark:text-brand-300" href={`/admin/blueprints/${encodeURIComponent(b.identifier)}`}>
                    {b.title}
                  </Link>
                </Td>
                <Td>
                  <code className="font-mono text-xs">{b.identifier}</code>
                </Td>
                <Td className="text-right">{b.entityCount.toLocaleString("en")}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
