import type { Metadata } from "next";
import Link from "next/link";
import { EntityForm } from "@/components/catalog/entity-form";
import { PageHeader } from "@/components/ui/card";
import { HydrateClient, prefetch, serverCaller, trpc } from "@/components/trpc/server";

export const metadata: Metadata = { title: "New entity" };

export default async function NewEntityPage({ params }: { params: Promise<{ blueprint: string }> }) {
  const { blueprint: id } = await params;
  const caller = await serverCaller();
  const [blueprint, me, teams] = await Promise.all([caller.catalog.blueprint({ identifier: id }), caller.me.get(), caller.teams.list()]);
  await prefetch(trpc.catalog.formSchema.queryOptions({ blueprint: id }));
  const choosable = me.role === "admin" ? teams : teams.filter((t) => me.teamIds.includes(t.id));
  return (
    <HydrateClient>
      <PageHeader
        title={`New ${blueprint.title.toLowerCase()}`}
        description={
          <Link className="underline" href={`/catalog/${encodeURIComponent(id)}`}>
            {blueprint.title}
          </Link>
        }
      />
      <EntityForm blueprint={blueprint} teams={choosable} defaultTeams={me.role === "admin" ? [] : me.teamIds.slice(0, 1)} />
    </HydrateClient>
  );
}
