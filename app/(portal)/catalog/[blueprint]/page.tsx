import type { Metadata } from "next";
import Link from "next/link";
import { EntityLink } from "@/components/catalog/entity-link";
import { PropertyValue } from "@/components/catalog/property-value";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";
import { Input } from "@/components/ui/field";
import { EmptyState } from "@/components/ui/states";
import { Table, Td, Th } from "@/components/ui/table";
import { serverCaller } from "@/components/trpc/server";

type Params = { blueprint: string };
type Search = { q?: string; cursor?: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: (await params).blueprint };
}

export default async function BlueprintEntitiesPage({ params, searchParams }: { params: Promise<Params>; searchParams: Promise<Search> }) {
  const { blueprint: id } = await params;
  const { q, cursor } = await searchParams;
  const caller = await serverCaller();
  const blueprint = await caller.catalog.blueprint({ identifier: id });
  const page = await caller.catalog.entities({ blueprint: id, q: q || undefined, cursor, limit: 25 });
  const columns = Object.entries(blueprint.schema.properties).slice(0, 4);
  const qs = (extra: Record<string, string | undefined>) =>
    new URLSearchParams(Object.entries({ q, ...extra }).filter((e): e is [string, string] => Boolean(e[1]))).toString();

  return (
    <>
      <PageHeader
        title={blueprint.title}
        description={
          <>
            {blueprint.description} <span className="text-zinc-500">· {page.total.toLocaleString("en")} entities</span>
          </>
        }
      />
      <form className="mb-4 flex max-w-md gap-2" role="search">
        <label htmlFor="q" className="sr-only">
          Search {blueprint.title}
        </label>
        <Input id="q" name="q" defaultValue={q} placeholder={`Search ${blueprint.title.toLowerCase()}`} />
        <Button type="submit" variant="secondary">
          Search
        </Button>
      </form>
      {page.items.length === 0 ? (
        <EmptyState title={q ? "Nothing matches" : `No ${blueprint.title.toLowerCase()} entities yet`}>
          {q ? "Try another search." : null}
        </EmptyState>
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Owners</Th>
              {columns.map(([key, def]) => (
                <Th key={key}>{def.title ?? key}</Th>
              ))}
            </tr>
          </thead>
          <tbody>
            {page.items.map((e) => (
              <tr key={e.identifier}>
                <Td>
                  <EntityLink blueprint={e.blueprint} identifier={e.identifier} title={e.title} />
                </Td>
                <Td>{e.team.join(", ") || <span className="text-zinc-400">—</span>}</Td>
                {columns.map(([key, def]) => (
                  <Td key={key} className="max-w-xs truncate">
                    <PropertyValue value={e.properties[key]} definition={def} />
                  </Td>
                ))}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <div className="mt-3 flex gap-2">
        {cursor ? (
          <Button asChild variant="secondary" size="sm">
            <Link href={`?${qs({})}`}>First page</Link>
          </Button>
        ) : null}
        {page.nextCursor ? (
          <Button asChild variant="secondary" size="sm">
            <Link href={`?${qs({ cursor: page.nextCursor })}`}>Next page</Link>
          </Button>
        ) : null}
      </div>
    </>
  );
}
