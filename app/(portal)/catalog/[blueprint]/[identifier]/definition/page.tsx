import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { outlineOf } from "@/components/catalog/api-definition";
import { EntityPageHeader } from "@/components/catalog/entity-page-header";
import { EntityTabs } from "@/components/catalog/entity-tabs";
import { hasDocs } from "@/server/docs/location";
import { AsyncApiReference, OpenApiReference } from "@/components/catalog/api-reference";
import { Badge } from "@/components/ui/badge";
import { Card, CardTitle } from "@/components/ui/card";
import { serverCaller } from "@/components/trpc/server";

type Params = { blueprint: string; identifier: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: `${(await params).identifier} · Definition` };
}

/** An API's definition (Backstage's `spec.definition`): an outline of OpenAPI / AsyncAPI operations, OpenAPI's reference in Swagger UI, AsyncAPI's in AsyncAPI's component, and the source. */
export default async function DefinitionPage({ params }: { params: Promise<Params> }) {
  const { blueprint, identifier } = await params;
  const caller = await serverCaller();
  const [entity, bp] = await Promise.all([caller.catalog.entity({ blueprint, identifier }), caller.catalog.blueprint({ identifier: blueprint })]);
  const definition = typeof entity.properties.definition === "string" ? entity.properties.definition : "";
  if (!definition) notFound();
  const outline = outlineOf(definition);
  const type = typeof entity.properties.type === "string" ? entity.properties.type : undefined;
  return (
    <>
      <EntityPageHeader blueprint={blueprint} blueprintTitle={bp.title} entity={entity} extra={type ? <> · {type}</> : null} />
      <EntityTabs blueprint={blueprint} identifier={identifier} current="definition" definition docs={hasDocs(entity.properties)} />
      {outline ? (
        <Card className="mb-4" aria-label="Outline">
          <CardTitle>
            {outline.title ?? "Untitled"} {outline.apiVersion ? <span className="font-normal text-zinc-500">v{outline.apiVersion}</span> : null}{" "}
            <Badge>
              {outline.format} {outline.version}
            </Badge>
          </CardTitle>
          {outline.description ? <p className="mb-2 text-sm text-zinc-600 dark:text-zinc-400">{outline.description}</p> : null}
          {outline.servers.length ? <p className="mb-2 text-xs text-zinc-500">Servers: {outline.servers.join(", ")}</p> : null}
          {outline.operations.length === 0 ? (
            <p className="text-sm text-zinc-500">No operations.</p>
          ) : (
            <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
              {outline.operations.map((op, i) => (
                <li key={i} className="flex flex-wrap items-baseline gap-2 py-1">
                  <span className="w-20 shrink-0 font-mono text-xs font-semibold">{op.method}</span>
                  <code className="break-all font-mono text-xs">{op.path}</code>
                  {op.summary ? <span className="text-zinc-500">{op.summary}</span> : null}
                </li>
              ))}
            </ul>
          )}
        </Card>
      ) : null}
      {outline ? (
        <Card className="mb-4" aria-label="Reference">
          <CardTitle>Reference</CardTitle>
          {outline.format === "OpenAPI" ? <OpenApiReference definition={definition} /> : <AsyncApiReference definition={definition} />}
        </Card>
      ) : null}
      <Card aria-label="Source">
        <CardTitle>Source</CardTitle>
        <pre className="max-h-[70vh] overflow-auto rounded bg-zinc-50 p-3 font-mono text-xs leading-5 dark:bg-zinc-900" tabIndex={0}>
          <code>{definition}</code>
        </pre>
      </Card>
    </>
  );
}
