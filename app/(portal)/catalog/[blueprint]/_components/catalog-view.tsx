"use client";

import { operatorWords } from "@/components/catalog/operator-words";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef } from "@tanstack/react-table";
import { ArrowDown, ArrowUp, Columns3, Plus, X } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { EntityLink } from "@/components/catalog/entity-link";
import { PropertyValue } from "@/components/catalog/property-value";
import { catalogPageInput, fieldKey, readQuery, type UrlCondition, type UrlQuery } from "@/components/catalog/query-url";
import { useTRPC } from "@/components/trpc/client";
import type { Blueprint, RouterOutputs } from "@/components/trpc/types";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";
import { Table, Td, Th } from "@/components/ui/table";
import { FilterBuilder } from "./filter-builder";

type Row = RouterOutputs["catalog"]["entities"]["items"][number];

export function CatalogView({ blueprint, canCreate }: { blueprint: Blueprint; canCreate: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const q = params.get("q") ?? "";
  const sort = params.get("sort") ?? "$identifier";
  const cursor = params.get("cursor");
  const query = readQuery(params.get("query"));
  const properties = Object.entries(blueprint.schema.properties);
  const defaultCols = ["$team", ...properties.slice(0, 4).map(([k]) => k)];
  const cols = params.get("cols")?.split(",").filter(Boolean) ?? defaultCols;

  // The address this view last asked for. router.replace commits later (after the server answers), so a
  // second change before then (remove a filter, then type a search) must build on the first, not undo it.
  const requested = useRef<string | null>(null);
  const current = params.toString();
  useEffect(() => {
    if (requested.current === current) requested.current = null;
  }, [current]);
  useEffect(() => {
    const forget = () => (requested.current = null);
    window.addEventListener("popstate", forget);
    return () => window.removeEventListener("popstate", forget);
  }, []);
  function update(changes: Record<string, string | undefined>, keepCursor = false) {
    const next = new URLSearchParams(requested.current ?? window.location.search);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!keepCursor) next.delete("cursor");
    requested.current = next.toString();
    router.replace(`${pathname}?${next.toString()}`, { scroll: false });
  }
  const setQuery = (nextQuery: UrlQuery) => update({ query: nextQuery.rules.length ? JSON.stringify(nextQuery) : undefined });

  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  useEffect(() => {
    if (text === q) return;
    const t = setTimeout(() => update({ q: text.trim() || undefined }), 300);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text]);

  const page = useQuery({
    ...trpc.catalog.entities.queryOptions(catalogPageInput(blueprint.identifier, params)),
    placeholderData: keepPreviousData,
  });

  const [sortField, sortDir = "asc"] = sort.split(":");
  const columns = useMemo<ColumnDef<Row>[]>(() => {
    const all: (ColumnDef<Row> & { meta: { label: string; sortKey?: string } })[] = [
      {
        id: "$title",
        header: "Name",
        meta: { label: "Name", sortKey: "$title" },
        cell: ({ row }) => (
          <span className="flex items-center gap-2">
            <EntityLink blueprint={row.original.blueprint} identifier={row.original.identifier} title={row.original.title} />
            {row.original.validationErrors ? <Badge tone="red">invalid</Badge> : null}
          </span>
        ),
      },
      {
        id: "$team",
        header: "Owners",
        meta: { label: "Owners" },
        cell: ({ row }) => row.original.team.join(", ") || <span className="text-zinc-400">—</span>,
      },
      ...properties.map(([key, def]) => ({
        id: key,
        header: def.title ?? key,
        meta: { label: def.title ?? key, sortKey: def.type === "array" || def.type === "object" ? undefined : key },
        cell: ({ row }: { row: { original: Row } }) => <PropertyValue value={row.original.properties[key]} definition={def} />,
      })),
      // Computed when read (Port's calculation and aggregation properties): aggregations are SQL, so a
      // search sorts by them; calculations are jq run on each page, so it cannot.
      ...Object.entries(blueprint.aggregationProperties ?? {}).map(([key, agg]) => ({
        id: key,
        header: agg.title ?? key,
        meta: { label: agg.title ?? key, sortKey: key },
        cell: ({ row }: { row: { original: Row } }) => <PropertyValue value={row.original.properties[key]} definition={{ type: "number" }} />,
      })),
      ...Object.entries(blueprint.calculationProperties ?? {}).map(([key, calc]) => ({
        id: key,
        header: calc.title ?? key,
        meta: { label: calc.title ?? key },
        cell: ({ row }: { row: { original: Row } }) => <PropertyValue value={row.original.properties[key]} definition={{ type: calc.type, format: calc.format }} />,
      })),
      ...Object.entries(blueprint.relations).map(([key, rel]) => ({
        id: `rel:${key}`,
        header: rel.title ?? key,
        meta: { label: rel.title ?? key },
        cell: ({ row }: { row: { original: Row } }) => {
          const v = row.original.relations[key];
          const ids = v == null ? [] : Array.isArray(v) ? v : [v];
          return ids.length ? (
            <span className="flex flex-wrap gap-x-2">
              {ids.map((id) => (
                <EntityLink key={id} blueprint={rel.target} identifier={id} />
              ))}
            </span>
          ) : (
            <span className="text-zinc-400">—</span>
          );
        },
      })),
      { id: "$updatedAt", header: "Updated", meta: { label: "Updated", sortKey: "$updatedAt" }, cell: ({ row }) => new Date(row.original.updatedAt).toISOString().slice(0, 10) },
    ];
    return all;
  }, [blueprint, properties]);
  const visible = columns.filter((c) => c.id === "$title" || cols.includes(c.id!));

  // TanStack Table is not compatible with the React Compiler's memoisation; the compiler skips this component.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({ data: page.data?.items ?? [], columns: visible, getCoreRowModel: getCoreRowModel(), manualPagination: true, manualSorting: true });
  const [picking, setPicking] = useState(false);
  const facetProps = ["$team", ...properties.filter(([, d]) => d.enum).map(([k]) => k)];

  return (
    <div className="grid gap-6 lg:grid-cols-[14rem_1fr]">
      <aside aria-label="Facets" className="space-y-5">
        {facetProps.map((p) => (
          <Facet key={p} blueprint={blueprint} property={p} q={q} query={query} onChange={setQuery} />
        ))}
      </aside>
      <div className="min-w-0 space-y-3">
        <div className="flex flex-wrap items-center gap-2">
          <label htmlFor="catalog-search" className="sr-only">
            Search {blueprint.title}
          </label>
          <Input id="catalog-search" className="max-w-xs" type="search" placeholder={`Search ${blueprint.title.toLowerCase()}…`} value={text} onChange={(e) => setText(e.target.value)} />
          <FilterBuilder blueprint={blueprint} query={query} onChange={setQuery} />
          <div className="relative">
            <Button variant="secondary" size="sm" aria-expanded={picking} onClick={() => setPicking(!picking)}>
              <Columns3 aria-hidden className="size-4" /> Columns
            </Button>
            {picking ? (
              <fieldset className="absolute z-20 mt-1 w-56 rounded-md border border-zinc-200 bg-white p-2 shadow-lg dark:border-zinc-800 dark:bg-zinc-900">
                <legend className="sr-only">Visible columns</legend>
                {columns
                  .filter((c) => c.id !== "$title")
                  .map((c) => (
                    <label key={c.id} className="flex items-center gap-2 px-1 py-0.5 text-sm">
                      <input
                        type="checkbox"
                        checked={cols.includes(c.id!)}
                        onChange={(e) => update({ cols: (e.target.checked ? [...cols, c.id!] : cols.filter((x) => x !== c.id)).join(",") }, true)}
                      />
                      {(c.meta as { label: string }).label}
                    </label>
                  ))}
              </fieldset>
            ) : null}
          </div>
          {canCreate ? (
            <Button asChild size="sm" className="ml-auto">
              <Link href={`/catalog/${encodeURIComponent(blueprint.identifier)}/-/new`}>
                <Plus aria-hidden className="size-4" /> New {blueprint.title.toLowerCase()}
              </Link>
            </Button>
          ) : null}
        </div>
        {query.rules.length ? (
          <ul aria-label="Active filters" className="flex flex-wrap gap-2">
            {query.rules.map((r, i) => (
              <li key={i}>
                <Badge className="gap-1">
                  {describeCondition(r, blueprint)}
                  <button type="button" aria-label="Remove filter" onClick={() => setQuery({ ...query, rules: query.rules.filter((_, j) => j !== i) })}>
                    <X aria-hidden className="size-3" />
                  </button>
                </Badge>
              </li>
            ))}
          </ul>
        ) : null}

        {page.isPending ? (
          <Loading label={`Loading ${blueprint.title.toLowerCase()}…`} />
        ) : page.isError ? (
          <ErrorState message={page.error.message} retry={() => void page.refetch()} />
        ) : page.data.items.length === 0 ? (
          <EmptyState title={q || query.rules.length ? "Nothing matches" : `No ${blueprint.title.toLowerCase()} entities yet`}>
            {q || query.rules.length ? "Change the search or remove filters." : canCreate ? "Create the first one with the button above." : null}
          </EmptyState>
        ) : (
          <>
            <p className="text-sm text-zinc-500" aria-live="polite">
              {page.data.total.toLocaleString("en")} {page.data.total === 1 ? "entity" : "entities"}
              {page.isFetching ? " · updating…" : ""}
            </p>
            <Table>
              <thead>
                {table.getHeaderGroups().map((hg) => (
                  <tr key={hg.id}>
                    {hg.headers.map((h) => {
                      const sortKey = (h.column.columnDef.meta as { sortKey?: string } | undefined)?.sortKey;
                      const active = sortKey && sortField === sortKey;
                      return (
                        <Th key={h.id} aria-sort={active ? (sortDir === "asc" ? "ascending" : "descending") : undefined}>
                          {sortKey ? (
                            <button
                              type="button"
                              className="inline-flex items-center gap-1 uppercase"
                              onClick={() => update({ sort: `${sortKey}:${active && sortDir === "asc" ? "desc" : "asc"}` })}
                            >
                              {flexRender(h.column.columnDef.header, h.getContext())}
                              {active ? sortDir === "asc" ? <ArrowUp aria-hidden className="size-3" /> : <ArrowDown aria-hidden className="size-3" /> : null}
                            </button>
                          ) : (
                            flexRender(h.column.columnDef.header, h.getContext())
                          )}
                        </Th>
                      );
                    })}
                  </tr>
                ))}
              </thead>
              <tbody>
                {table.getRowModel().rows.map((row) => (
                  <tr key={row.id}>
                    {row.getVisibleCells().map((cell) => (
                      <Td key={cell.id} className="max-w-xs truncate">
                        {flexRender(cell.column.columnDef.cell, cell.getContext())}
                      </Td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </Table>
            <nav aria-label="Pages" className="flex gap-2">
              {cursor ? (
                <Button variant="secondary" size="sm" onClick={() => update({})}>
                  First page
                </Button>
              ) : null}
              {cursor ? (
                <Button variant="secondary" size="sm" onClick={() => router.back()}>
                  Previous page
                </Button>
              ) : null}
              {page.data.nextCursor ? (
                <Button variant="secondary" size="sm" onClick={() => router.push(`${pathname}?${withCursor(params, page.data.nextCursor!)}`, { scroll: false })}>
                  Next page
                </Button>
              ) : null}
            </nav>
          </>
        )}
      </div>
    </div>
  );
}

function withCursor(params: URLSearchParams, cursor: string) {
  const next = new URLSearchParams(params);
  next.set("cursor", cursor);
  return next.toString();
}

export function describeCondition(c: UrlCondition, blueprint: Blueprint): string {
  const name = c.property ? (blueprint.schema.properties[c.property]?.title ?? blueprint.aggregationProperties?.[c.property]?.title ?? c.property) : c.relation ? (blueprint.relations[c.relation]?.title ?? c.relation) : c.meta === "$team" ? "Owners" : c.meta;
  const value = c.value === undefined ? "" : Array.isArray(c.value) ? ` ${c.value.join(", ")}` : ` ${String(c.value)}`;
  const property = c.property ? blueprint.schema.properties[c.property] : undefined;
  const kind = property?.format === "date-time" ? "date" : undefined;
  return `${name} ${operatorWords(c.operator, kind)}${value}`;
}

function Facet({ blueprint, property, q, query, onChange }: { blueprint: Blueprint; property: string; q: string; query: UrlQuery; onChange: (q: UrlQuery) => void }) {
  const trpc = useTRPC();
  const key = property === "$team" ? "m:$team" : `p:${property}`;
  const own = query.rules.find((r) => fieldKey(r) === key && r.operator === "in");
  const selected = new Set(((own?.value as unknown[]) ?? []).map(String));
  // Counts are computed with the other filters applied, not this facet's own selection.
  const others = { ...query, rules: query.rules.filter((r) => r !== own) };
  const facets = useQuery({
    ...trpc.catalog.facets.queryOptions({ blueprint: blueprint.identifier, property, q: q || undefined, query: others.rules.length ? JSON.stringify(others) : undefined }),
    placeholderData: keepPreviousData,
  });
  const title = property === "$team" ? "Owners" : (blueprint.schema.properties[property]?.title ?? property);
  function toggle(value: string | number | boolean | null) {
    const next = new Set(selected);
    const k = String(value);
    if (next.has(k)) next.delete(k);
    else next.add(k);
    const values = (facets.data?.values ?? []).map((v) => v.value).filter((v) => next.has(String(v)));
    const field = property === "$team" ? { meta: "$team" } : { property };
    const rules = query.rules.filter((r) => r !== own);
    onChange({ ...query, rules: values.length ? [...rules, { ...field, operator: "in", value: values }] : rules });
  }
  return (
    <fieldset>
      <legend className="mb-1 text-xs font-semibold text-zinc-500 uppercase">{title}</legend>
      {facets.isPending ? (
        <p className="text-sm text-zinc-400">Counting…</p>
      ) : facets.isError ? (
        <p className="text-sm text-red-600">Could not count</p>
      ) : facets.data.values.filter((v) => v.value !== null).length === 0 ? (
        <p className="text-sm text-zinc-400">No values</p>
      ) : (
        <ul className="space-y-0.5">
          {facets.data.values
            .filter((v) => v.value !== null)
            .map((v) => (
              <li key={String(v.value)}>
                <label className="flex items-center gap-2 text-sm">
                  <input type="checkbox" checked={selected.has(String(v.value))} onChange={() => toggle(v.value)} />
                  <span className="flex-1 truncate">{String(v.value)}</span>
                  <span className="text-xs text-zinc-500">{v.count}</span>
                </label>
              </li>
            ))}
        </ul>
      )}
    </fieldset>
  );
}
