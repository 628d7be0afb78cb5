"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { ChevronDown, Download } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Fragment, useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";
import { Table, Td, Th } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { resourceName } from "@/components/audit/resource-name";
import { Badge } from "@/components/ui/badge";

const FILTERS = ["actor", "resourceType", "resourceId", "action", "from", "to"] as const;
type FilterKey = (typeof FILTERS)[number];

/** `<input type="datetime-local">` speaks local time without a zone; the API takes ISO instants. */
const toIso = (local: string) => (local ? new Date(local).toISOString() : "");
const toLocal = (iso: string | null) => {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

/** A free-text filter applied on Enter or when focus leaves it. */
function TextFilter({ label, value, placeholder, onChange }: { label: string; value?: string; placeholder?: string; onChange: (v: string) => void }) {
  return (
    <label className="text-xs font-medium">
      {label}
      <Input
        className="mt-1"
        defaultValue={value}
        placeholder={placeholder}
        onBlur={(e) => onChange(e.target.value.trim())}
        onKeyDown={(e) => e.key === "Enter" && onChange(e.currentTarget.value.trim())}
      />
    </label>
  );
}

function SelectFilter({ label, value, options, onChange }: { label: string; value?: string; options?: string[]; onChange: (v: string) => void }) {
  return (
    <label className="text-xs font-medium">
      {label}
      <Select className="mt-1" value={value ?? ""} onChange={(e) => onChange(e.target.value)}>
        <option value="">Any</option>
        {options?.map((o) => (
          <option key={o}>{o}</option>
        ))}
      </Select>
    </label>
  );
}

export function AuditLog() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const filter = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) || undefined])) as Partial<Record<FilterKey, string>>;
  const [open, setOpen] = useState<number | null>(null);

  const options = useQuery(trpc.audit.filterOptions.queryOptions());
  const events = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(
      { ...filter, limit: 50 },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );

  function setFilter(key: FilterKey, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    router.replace(`${pathname}?${next.toString()}`, { scroll: false });
  }

  const exportParams = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => Boolean(e[1])));
  const rows = events.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className="space-y-4">
      <form
        className="grid gap-3 rounded-lg border border-zinc-200 bg-white p-3 sm:grid-cols-3 lg:grid-cols-6 dark:border-zinc-800 dark:bg-zinc-900"
        aria-label="Filters"
        onSubmit={(e) => e.preventDefault()}
      >
        <TextFilter label="Actor" placeholder="email or id" value={filter.actor} onChange={(v) => setFilter("actor", v)} />
        <SelectFilter
          label="Resource type"
          value={filter.resourceType}
          options={options.data?.resourceTypes}
          onChange={(v) => setFilter("resourceType", v)}
        />
        <TextFilter label="Resource id" value={filter.resourceId} onChange={(v) => setFilter("resourceId", v)} />
        <SelectFilter label="Action" value={filter.action} options={options.data?.actions} onChange={(v) => setFilter("action", v)} />
        <label className="text-xs font-medium">
          From
          <Input className="mt-1" type="datetime-local" defaultValue={toLocal(filter.from ?? null)} onChange={(e) => setFilter("from", toIso(e.target.value))} />
        </label>
        <label className="text-xs font-medium">
          To
          <Input className="mt-1" type="datetime-local" defaultValue={toLocal(filter.to ?? null)} onChange={(e) => setFilter("to", toIso(e.target.value))} />
        </label>
      </form>

      <div className="flex items-center justify-between">
        <p className="text-sm text-zinc-500">{events.isSuccess ? `${rows.length}${events.hasNextPage ? "+" : ""} events` : " "}</p>
        <Button asChild variant="secondary" size="sm">
          <a href={`/api/audit-log/export?${exportParams.toString()}`} download>
            <Download aria-hidden className="size-4" /> Export CSV
          </a>
        </Button>
      </div>

      {events.isPending ? (
        <Loading label="Loading audit events…" />
      ) : events.isError ? (
        <ErrorState message={events.error.message} retry={() => void events.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title="No events match">Change or clear the filters.</EmptyState>
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>When</Th>
              <Th>Actor</Th>
              <Th>Action</Th>
              <Th>Resource</Th>
              <Th>Origin</Th>
              <Th>
                <span className="sr-only">Details</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => (
              <Fragment key={e.id}>
                <tr>
                  <Td className="whitespace-nowrap">
                    <Time value={e.at} />
                  </Td>
                  <Td>{e.actorLabel}</Td>
                  <Td>
                    <code className="font-mono text-xs">{e.action}</code>
                  </Td>
                  <Td>
                    {e.resourceType} <span className="text-zinc-500">{resourceName(e)}</span>
                  </Td>
                  <Td>
                    <Badge>{e.origin}</Badge>
                  </Td>
                  <Td>
                    <button
                      type="button"
                      className="rounded p-1 hover:bg-zinc-100 dark:hover:bg-zinc-800"
                      aria-expanded={open === e.id}
                      aria-label={`Details of event ${e.id}`}
                      onClick={() => setOpen(open === e.id ? null : e.id)}
                    >
                      <ChevronDown aria-hidden className={`size-4 transition-transform ${open === e.id ? "rotate-180" : ""}`} />
                    </button>
                  </Td>
                </tr>
                {open === e.id ? (
                  <tr>
                    <Td colSpan={6} className="bg-zinc-50 dark:bg-zinc-950">
                      <p className="mb-1 text-xs text-zinc-500">
                        Request {e.requestId}
                        {e.ip ? ` · from ${e.ip}` : ""}
                      </p>
                      <pre className="max-h-80 overflow-auto font-mono text-xs whitespace-pre-wrap">
                        {JSON.stringify({ diff: e.diff, before: e.before, after: e.after }, null, 2)}
                      </pre>
                    </Td>
                  </tr>
                ) : null}
              </Fragment>
            ))}
          </tbody>
        </Table>
      )}
      {events.hasNextPage ? (
        <Button variant="secondary" onClick={() => void events.fetchNextPage()} disabled={events.isFetchingNextPage}>
          {events.isFetchingNextPage ? "Loading…" : "Load older events"}
        </Button>
      ) : null}
    </div>
  );
}
