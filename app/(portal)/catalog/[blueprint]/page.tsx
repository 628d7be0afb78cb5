import type { Metadata } from "next";
import { Suspense } from "react";
import { PageHeader } from "@/components/ui/card";
import { Loading } from "@/components/ui/states";
import { catalogPageInput } from "@/components/catalog/query-url";
import { HydrateClient, prefetch, serverCaller, trpc } from "@/components/trpc/server";
import { CatalogView } from "./_components/catalog-view";

type Params = { blueprint: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: (await params).blueprint };
}

export default async function BlueprintEntitiesPage({
  params,
  searchParams,
}: {
  params: Promise<Params>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { blueprint: id } = await params;
  const search = await searchParams;
  const caller = await serverCaller();
  const [blueprint, me] = await Promise.all([caller.catalog.blueprint({ identifier: id }), caller.me.get()]);
  // The first page renders on the server; the client takes over with the same query key.
  await prefetch(trpc.catalog.entities.queryOptions(catalogPageInput(id, new URLSearchParams(search as Record<string, string>))));
  return (
    <HydrateClient>
      <PageHeader title={blueprint.title} description={blueprint.description} />
      <Suspense fallback={<Loading />}>
        <CatalogView blueprint={blueprint} canCreate={me.role === "admin" || me.teamIds.length > 0} />
      </Suspense>
    </HydrateClient>
  );
}
