import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardTitle, PageHeader } from "@/components/ui/card";
import { History } from "@/components/catalog/history";
import { serverCaller } from "@/components/trpc/server";
import { BlueprintEditor } from "../../_components/blueprint-editor";
import { DeleteBlueprint } from "../../_components/delete-blueprint";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Blueprint ${(await params).id}` };
}

export default async function BlueprintAdminPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const caller = await serverCaller();
  const [bp, counts, history] = await Promise.all([
    caller.catalog.blueprint({ identifier: id }),
    caller.catalog.blueprints(),
    caller.catalog.history({ resourceType: "blueprint", resourceId: id }),
  ]);
  const entityCount = counts.find((c) => c.identifier === id)?.entityCount ?? 0;
  return (
    <>
      <PageHeader
        title={bp.title}
        description={
          <>
            <Link href="/admin/blueprints" className="underline">
              Blueprints
            </Link>{" "}
            · <code className="font-mono text-xs">{bp.identifier}</code> ·{" "}
            <Link className="underline" href={`/catalog/${encodeURIComponent(id)}`}>
              {entityCount.toLocaleString("en")} entities
            </Link>
          </>
        }
        actions={<DeleteBlueprint identifier={id} entityCount={entityCount} />}
      />
      <BlueprintEditor
        key={bp.updatedAt.toISOString()}
        isNew={false}
        initial={{
          identifier: bp.identifier,
          title: bp.title,
          icon: bp.icon,
          description: bp.description,
          schema: bp.schema,
          relations: bp.relations,
          mirrorProperties: bp.mirrorProperties,
          calculationProperties: bp.calculationProperties,
          aggregationProperties: bp.aggregationProperties,
        }}
      />
      <Card className="mt-6">
        <CardTitle>History</CardTitle>
        <History entries={history} />
      </Card>
    </>
  );
}
