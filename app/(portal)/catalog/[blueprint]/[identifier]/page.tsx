import type { Metadata } from "next";
import Link from "next/link";
import { EntityLink } from "@/components/catalog/entity-link";
import { PropertyValue } from "@/components/catalog/property-value";
import { Card, CardTitle, PageHeader } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import { serverCaller } from "@/components/trpc/server";

type Params = { blueprint: string; identifier: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: (await params).identifier };
}

export default async function EntityPage({ params }: { params: Promise<Params> }) {
  const { blueprint: bpId, identifier } = await params;
  const caller = await serverCaller();
  const [blueprint, entity, me] = await Promise.all([
    caller.catalog.blueprint({ identifier: bpId }),
    caller.catalog.entity({ blueprint: bpId, identifier }),
    caller.me.get(),
  ]);
  const relations = Object.entries(blueprint.relations);
  return (
    <>
      <PageHeader
        title={entity.title || entity.identifier}
        description={
          <>
            <Link className="underline" href={`/catalog/${encodeURIComponent(bpId)}`}>
              {blueprint.title}
            </Link>{" "}
            · <code className="font-mono text-xs">{entity.identifier}</code>
          </>
        }
      />
      <div className="grid gap-4 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardTitle>Properties</CardTitle>
          <dl className="grid grid-cols-[minmax(8rem,max-content)_1fr] gap-x-4 gap-y-2 text-sm">
            {Object.entries(blueprint.schema.properties).map(([key, def]) => (
              <div key={key} className="contents">
                <dt className="text-zinc-500">{def.title ?? key}</dt>
                <dd className="min-w-0 break-words">
                  <PropertyValue value={entity.properties[key]} definition={def} />
                </dd>
              </div>
            ))}
          </dl>
        </Card>
        <div className="space-y-4">
          <Card>
            <CardTitle>Owners</CardTitle>
            <p className="text-sm">{entity.team.join(", ") || "No owning team"}</p>
          </Card>
          {relations.length > 0 ? (
            <Card>
              <CardTitle>Relations</CardTitle>
              <dl className="space-y-2 text-sm">
                {relations.map(([key, rel]) => {
                  const raw = entity.relations[key];
                  const targets = raw == null ? [] : Array.isArray(raw) ? raw : [raw];
                  return (
                    <div key={key}>
                      <dt className="text-zinc-500">{rel.title ?? key}</dt>
                      <dd className="flex flex-wrap gap-x-2">
                        {targets.length === 0 ? <span className="text-zinc-400">—</span> : null}
                        {targets.map((t) => (
                          <EntityLink key={t} blueprint={rel.target} identifier={t} />
                        ))}
                      </dd>
                    </div>
                  );
                })}
              </dl>
            </Card>
          ) : null}
          <Card>
            <CardTitle>Changes</CardTitle>
            <p className="text-sm text-zinc-600 dark:text-zinc-400">
              Updated <Time value={entity.updatedAt} /> by {entity.updatedBy}.
            </p>
            {me.role === "admin" ? (
              <Link
                className="mt-2 inline-block text-sm underline"
                href={`/audit?resourceType=entity&resourceId=${encodeURIComponent(`${bpId}/${identifier}`)}`}
              >
                History in the audit log
              </Link>
            ) : null}
          </Card>
        </div>
      </div>
    </>
  );
}
