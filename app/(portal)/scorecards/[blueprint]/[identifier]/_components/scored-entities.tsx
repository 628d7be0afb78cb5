"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { EntityLink } from "@/components/catalog/entity-link";
import { LevelBadge } from "@/components/scorecards/level-badge";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/field";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";
import { Table, Td, Th } from "@/components/ui/table";

type Props = {
  blueprint: string;
  identifier: string;
  levels: { title: string; color: string }[];
  rules: { identifier: string; title: string }[];
};

/** The scored entities, filtered by level and failing rule (both kept in the URL), a page at a time. */
export function ScoredEntities({ blueprint, identifier, levels, rules }: Props) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const level = params.get("level") === null ? undefined : Number(params.get("level"));
  const failing = params.get("failing") ?? undefined;
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1];
  const page = useQuery({
    ...trpc.scorecards.entities.queryOptions({ blueprint, identifier, level, failing, cursor, limit: 25 }),
    placeholderData: keepPreviousData,
  });

  const setFilter = (key: "level" | "failing", value: string) => {
    const next = new URLSearchParams(params);
    if (value === "") next.delete(key);
    else next.set(key, value);
    setCursors([null]);
    router.replace(`${pathname}?${next.toString()}#entities`, { scroll: false });
  };

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-3 text-sm">
        <label className="flex items-center gap-2">
          Level
          <Select value={level ?? ""} onChange={(e) => setFilter("level", e.target.value)}>
            <option value="">Any</option>
            {levels.map((l, i) => (
              <option key={l.title} value={i}>
                {l.title}
              </option>
            ))}
          </Select>
        </label>
        <label className="flex items-center gap-2">
          Failing rule
          <Select value={failing ?? ""} onChange={(e) => setFilter("failing", e.target.value)}>
            <option value="">Any</option>
            {rules.map((r) => (
              <option key={r.identifier} value={r.identifier}>
                {r.title}
              </option>
            ))}
          </Select>
        </label>
      </div>
      {page.isPending ? (
        <Loading />
      ) : page.isError ? (
        <ErrorState message={page.error.message} retry={() => void page.refetch()} />
      ) : page.data.items.length === 0 ? (
        <EmptyState title="No entity matches these filters" />
      ) : (
        <>
          <Table>
            <thead>
              <tr>
                <Th>Entity</Th>
                <Th>Owners</Th>
                <Th>Level</Th>
                <Th>Score</Th>
              </tr>
            </thead>
            <tbody>
              {page.data.items.map((e) => (
                <tr key={e.identifier}>
                  <Td>
                    <EntityLink blueprint={blueprint} identifier={e.identifier} title={e.title} />
                  </Td>
                  <Td>{e.team.join(", ") || <span className="text-zinc-400">—</span>}</Td>
                  <Td>{levels[e.level] ? <LevelBadge title={levels[e.level]!.title} color={levels[e.level]!.color} /> : null}</Td>
                  <Td className="tabular-nums">{Math.round(e.score)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
          <div className="flex gap-2">
            <Button variant="secondary" size="sm" disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
              Previous
            </Button>
            <Button variant="secondary" size="sm" disabled={!page.data.nextCursor} onClick={() => setCursors((c) => [...c, page.data.nextCursor])}>
              Next
            </Button>
          </div>
        </>
      )}
    </div>
  );
}
