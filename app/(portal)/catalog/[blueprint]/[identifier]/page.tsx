import type { Metadata } from "next";
import Link from "next/link";
import { cache } from "react";
import { EntityLink, entityHref } from "@/components/catalog/entity-link";
import { EntityTabs } from "@/components/catalog/entity-tabs";
import { hasDocs } from "@/server/docs/location";
import { History } from "@/components/catalog/history";
import { PropertyValue } from "@/components/catalog/property-value";
import { RichPropertyValue } from "@/components/catalog/rich-property-value";
import { RelationGraph, type GraphLink } from "@/components/catalog/relation-graph";
import { EntityScorecards } from "@/components/scorecards/entity-scorecards";
import { EntityActions } from "@/components/actions/entity-actions";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardTitle, PageHeader } from "@/components/ui/card";
import { serverCaller } from "@/components/trpc/server";
import { isLinkUrl } from "@/components/catalog/link-url";
import { annotationLinks } from "@/components/catalog/annotation-links";
import { DeleteEntity } from "./_components/delete-entity";

type Params = { blueprint: string; identifier: string };

/** The entity (with its computed properties), read once per request for the tab title and the page alike. */
const loadEntity = cache(async (blueprint: string, identifier: string) => (await serverCaller()).catalog.entity({ blueprint, identifier }));

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { blueprint, identifier } = await params;
  // The browser tab names the entity as people do (a missing one is the not-found page, by serverCaller).
  const entity = await loadEntity(blueprint, identifier);
  return { title: entity.title || entity.identifier };
}

export default async function EntityPage({ params }: { params: Promise<Params> }) {
  const { blueprint: bpId, identifier } = await params;
  const caller = await serverCaller();
  const [blueprint, entity, me, incoming, outgoingGroups, history, mirrors, scorecards, entityActions, entityRuns] = await Promise.all([
    caller.catalog.blueprint({ identifier: bpId }),
    loadEntity(bpId, identifier),
    caller.me.get(),
    caller.catalog.incoming({ blueprint: bpId, identifier }),
    caller.catalog.outgoing({ blueprint: bpId, identifier }),
    caller.catalog.history({ resourceType: "entity", resourceId: `${bpId}/${identifier}` }),
    caller.catalog.mirrors({ blueprint: bpId, identifier }),
    caller.scorecards.forEntity({ blueprint: bpId, identifier }),
    caller.actions.available({ blueprint: bpId, entity: identifier }),
    caller.runs.list({ blueprint: bpId, entity: identifier, limit: 5 }),
  ]);
  const canEdit = me.role === "admin" || entity.team.some((t) => me.teamIds.includes(t));
  const relations = Object.entries(blueprint.relations);
  // What this entity points at, named by the targets' titles.
  const outgoing: GraphLink[] = outgoingGroups.flatMap((g) => g.entities.map((e) => ({ blueprint: g.target, identifier: e.identifier, label: e.title ?? e.identifier, relation: g.title })));
  const incomingLinks: GraphLink[] = incoming.flatMap((g) => g.entities.map((e) => ({ blueprint: g.blueprint, identifier: e.identifier, label: e.title ?? e.identifier, relation: g.title })));
  const links = [
    ...(Array.isArray(entity.properties.links) ? (entity.properties.links as { url?: string; title?: string }[]).filter((l) => typeof l?.url === "string" && isLinkUrl(l.url)) : []),
    ...annotationLinks(entity.properties),
  ];
  const name = entity.title || entity.identifier;
  // An API's definition is long: it has its own tab instead of a row here.
  const hasDefinition = typeof entity.properties.definition === "string" && entity.properties.definition.length > 0;
  const shown = Object.entries(blueprint.schema.properties).filter(([key]) => !(key === "definition" && hasDefinition));

  return (
    <>
      <PageHeader
        title={name}
        description={
          <>
            <Link className="underline" href={`/catalog/${encodeURIComponent(bpId)}`}>
              {blueprint.title}
            </Link>{" "}
            · <code className="font-mono text-xs">{entity.identifier}</code>
          </>
        }
        actions={
          canEdit ? (
            <>
              <Button asChild variant="secondary" size="sm">
                <Link href={`${entityHref(bpId, identifier)}/edit`}>Edit</Link>
              </Button>
              <DeleteEntity blueprint={bpId} identifier={identifier} name={name} />
            </>
          ) : null
        }
      />
      <EntityTabs blueprint={bpId} identifier={identifier} current="overview" definition={hasDefinition} docs={hasDocs(entity.properties)} />
      {entity.validationErrors ? (
        <div role="alert" className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-200">
          <p className="font-medium">This entity no longer matches its blueprint:</p>
          <ul className="mt-1 list-disc pl-5">
            {entity.validationErrors.map((e) => (
              <li key={e.path}>
                <code className="font-mono text-xs">{e.path}</code> {e.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardTitle>Properties</CardTitle>
          <dl className="grid grid-cols-[minmax(8rem,max-content)_1fr] gap-x-4 gap-y-2 text-sm">
            {shown.map(([key, def]) => (
              <div key={key} className="contents">
                <dt className="text-zinc-500">{def.title ?? key}</dt>
                <dd className="min-w-0 break-words">
                  <RichPropertyValue value={entity.properties[key]} definition={def} />
                </dd>
              </div>
            ))}
            {Object.entries(blueprint.calculationProperties ?? {}).map(([key, calc]) => (
              <div key={`calc-${key}`} className="contents">
                <dt className="text-zinc-500" title={`Calculated (jq): ${calc.calculation}`}>
                  {calc.title ?? key} <span className="text-xs">(calculated)</span>
                </dt>
                <dd className="min-w-0 break-words">
                  <PropertyValue value={entity.properties[key]} definition={{ type: calc.type, format: calc.format }} />
                </dd>
              </div>
            ))}
            {Object.entries(blueprint.aggregationProperties ?? {}).map(([key, agg]) => (
              <div key={`agg-${key}`} className="contents">
                <dt className="text-zinc-500" title={`${agg.calculationSpec.func}${agg.calculationSpec.calculationBy === "property" ? ` of ${agg.calculationSpec.property}` : ""} over related ${agg.target} entities`}>
                  {agg.title ?? key} <span className="text-xs">(aggregated)</span>
                </dt>
                <dd className="min-w-0 break-words">
                  <PropertyValue value={entity.properties[key]} definition={{ type: "number" }} />
                </dd>
              </div>
            ))}
            {Object.entries(blueprint.mirrorProperties).map(([key, mirror]) => (
              <div key={`mirror-${key}`} className="contents">
                <dt className="text-zinc-500" title={`Mirrored from ${mirror.path}`}>
                  {mirror.title ?? key} <span className="text-xs">(mirror)</span>
                </dt>
                <dd className="min-w-0 break-words">
                  <MirrorValue value={mirrors[key]} />
                </dd>
              </div>
            ))}
          </dl>
        </Card>
        <div className="space-y-4">
          <Card>
            <CardTitle>Owners</CardTitle>
            <p className="text-sm">{entity.team.length ? entity.team.map((t) => <Badge key={t} className="mr-1">{t}</Badge>) : "No owning team"}</p>
          </Card>
          {links.length ? (
            <Card>
              <CardTitle>Links</CardTitle>
              <ul className="space-y-1 text-sm">
                {links.map((l) => (
                  <li key={l.url}>
                    <a className="text-brand-700 hover:underline dark:text-brand-300" href={l.url} target="_blank" rel="noreferrer noopener">
                      {l.title ?? l.url}
                    </a>
                  </li>
                ))}
              </ul>
            </Card>
          ) : null}
          <Card>
            <CardTitle>Relations</CardTitle>
            {relations.length === 0 && incoming.length === 0 ? <p className="text-sm text-zinc-500">No relations.</p> : null}
            <dl className="space-y-2 text-sm">
              {outgoingGroups.map((g) => (
                <div key={g.relation}>
                  <dt className="text-zinc-600 dark:text-zinc-400">{g.title}</dt>
                  <dd className="flex flex-wrap gap-x-2">
                    {g.entities.length === 0 ? <span className="text-zinc-500">—</span> : null}
                    {g.entities.map((e) => (
                      <EntityLink key={e.identifier} blueprint={g.target} identifier={e.identifier} title={e.title} />
                    ))}
                  </dd>
                </div>
              ))}
              {incoming.map((g) => (
                <div key={`${g.blueprint}-${g.relation}`}>
                  <dt className="text-zinc-500">
                    {g.blueprintTitle} · {g.title} (pointing here)
                  </dt>
                  <dd className="flex flex-wrap gap-x-2">
                    {g.entities.map((e) => (
                      <EntityLink key={e.identifier} blueprint={g.blueprint} identifier={e.identifier} title={e.title} />
                    ))}
                  </dd>
                </div>
              ))}
            </dl>
          </Card>
        </div>
      </div>
      <EntityActions blueprint={bpId} identifier={identifier} actions={entityActions} runs={entityRuns.items} />
      {scorecards.length ? (
        <div className="mt-4">
          <EntityScorecards blueprint={bpId} results={scorecards} />
        </div>
      ) : null}
      {outgoing.length || incomingLinks.length ? (
        <section className="mt-4">
          <h2 className="mb-2 text-sm font-semibold text-zinc-700 dark:text-zinc-300">Relation graph</h2>
          <RelationGraph center={{ blueprint: bpId, identifier, label: name }} outgoing={outgoing} incoming={incomingLinks} />
        </section>
      ) : null}
      <Card className="mt-4">
        <CardTitle>History</CardTitle>
        <History entries={history} />
      </Card>
    </>
  );
}

function MirrorValue({ value }: { value: unknown }) {
  const values = Array.isArray(value) ? value : [value];
  const shown = values.filter((v) => v !== null && v !== undefined && v !== "");
  if (!shown.length) return <span className="text-zinc-400">—</span>;
  return <>{shown.map((v) => (typeof v === "object" ? JSON.stringify(v) : String(v))).join(", ")}</>;
}
