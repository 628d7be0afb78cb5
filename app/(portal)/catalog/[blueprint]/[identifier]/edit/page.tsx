import type { Metadata } from "next";
import { EntityForm } from "@/components/catalog/entity-form";
import { entityHref } from "@/components/catalog/entity-link";
import { Forbidden } from "@/components/shell/forbidden";
import { PageHeader } from "@/components/ui/card";
import { HydrateClient, prefetch, serverCaller, trpc } from "@/components/trpc/server";

export const metadata: Metadata = { title: "Edit entity" };

export default async function EditEntityPage({ params }: { params: Promise<{ blueprint: string; identifier: string }> }) {
  const { blueprint: bpId, identifier } = await params;
  const caller = await serverCaller();
  const [blueprint, entity, me, teams] = await Promise.all([
    caller.catalog.blueprint({ identifier: bpId }),
    caller.catalog.entity({ blueprint: bpId, identifier }),
    caller.me.get(),
    caller.teams.list(),
  ]);
  if (me.role !== "admin" && !entity.team.some((t) => me.teamIds.includes(t))) {
    return <Forbidden what={`Editing ${entity.title ?? entity.identifier}, owned by another team,`} />;
  }
  await prefetch(trpc.catalog.formSchema.queryOptions({ blueprint: bpId }));
  const choosable = me.role === "admin" ? teams : teams.filter((t) => me.teamIds.includes(t.id) || entity.team.includes(t.id));
  return (
    <HydrateClient>
      <PageHeader title={`Edit ${entity.title ?? entity.identifier}`} description={<a className="underline" href={entityHref(bpId, identifier)}>Back to the entity</a>} />
      <EntityForm blueprint={blueprint} entity={entity} teams={choosable} defaultTeams={entity.team} />
    </HydrateClient>
  );
}
