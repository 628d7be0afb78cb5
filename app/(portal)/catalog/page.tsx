import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/states";
import { serverCaller } from "@/components/trpc/server";

export const metadata: Metadata = { title: "Catalog" };

export default async function CatalogPage() {
  const blueprints = await (await serverCaller()).catalog.blueprints();
  return (
    <>
      <PageHeader title="Catalog" description="Everything your organisation builds and runs, by blueprint." />
      {blueprints.length === 0 ? (
        <EmptyState title="No blueprints yet">Admins define blueprints (entity types) such as Service or API.</EmptyState>
      ) : (
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {blueprints.map((bp) => (
            <Link key={bp.identifier} href={`/catalog/${encodeURIComponent(bp.identifier)}`} className="group">
              <Card className="h-full group-hover:border-brand-500">
                <div className="flex items-baseline justify-between gap-2">
                  <h2 className="font-semibold">{bp.title}</h2>
                  <span className="text-sm text-zinc-500">{bp.entityCount.toLocaleString("en")}</span>
                </div>
                {bp.description ? <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{bp.description}</p> : null}
              </Card>
            </Link>
          ))}
        </div>
      )}
    </>
  );
}
