"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { DoraMetrics, Level } from "@/server/delivery/dora";
import { useTRPC } from "../trpc/client";
import { Badge } from "../ui/badge";
import { Card } from "../ui/card";
import { Delta } from "../ui/delta";
import { Select } from "../ui/field";
import { TeamFilter } from "../ui/team-filter";
import { ErrorState, Skeleton } from "../ui/states";
import { DoraCharts } from "./dora-charts";

const levelTone: Record<Level, "green" | "blue" | "yellow" | "red"> = { elite: "green", high: "blue", medium: "yellow", low: "red" };

function hours(h: number | null) {
  if (h === null) return "—";
  if (h < 1) return `${Math.round(h * 60)} min`;
  if (h < 48) return `${Math.round(h * 10) / 10} h`;
  return `${Math.round((h / 24) * 10) / 10} days`;
}

type Tile = { key: string; title: string; value: (m: DoraMetrics) => number | null; show: (m: DoraMetrics) => string; level: (m: DoraMetrics) => Level | null; better: "up" | "down"; note: (m: DoraMetrics) => string };

const tiles: Tile[] = [
  {
    key: "frequency",
    title: "Deployment frequency",
    value: (m) => m.deploymentFrequency,
    show: (m) => (m.deploymentFrequency >= 1 ? `${Math.round(m.deploymentFrequency * 10) / 10} / day` : `${Math.round(m.deploymentFrequency * 7 * 10) / 10} / week`),
    level: (m) => m.levels.deploymentFrequency,
    better: "up",
    note: (m) => `${m.finished} finished deployments to production`,
  },
  {
    key: "lead",
    title: "Lead time for changes",
    value: (m) => m.leadTimeHours,
    show: (m) => hours(m.leadTimeHours),
    level: (m) => m.levels.leadTime,
    better: "down",
    note: (m) => `median of ${m.leadTimeSamples} commit → production`,
  },
  {
    key: "cfr",
    title: "Change failure rate",
    value: (m) => m.changeFailureRate,
    show: (m) => (m.changeFailureRate === null ? "—" : `${Math.round(m.changeFailureRate * 1000) / 10}%`),
    level: (m) => m.levels.changeFailureRate,
    better: "down",
    note: (m) => `${m.failures} failed or rolled back`,
  },
  {
    key: "restore",
    title: "Time to restore",
    value: (m) => m.timeToRestoreHours,
    show: (m) => hours(m.timeToRestoreHours),
    level: (m) => m.levels.timeToRestore,
    better: "down",
    note: (m) => `median of ${m.restoreSamples} restores`,
  },
];

/** DORA metrics for a service, a team or everyone, over a window, compared with the window before. */
export function DoraReport({ service, teams }: { service?: string; teams?: { id: string; title: string }[] }) {
  const trpc = useTRPC();
  const [days, setDays] = useState(30);
  const [team, setTeam] = useState("");
  const report = useQuery(trpc.delivery.dora.queryOptions({ service, team: team || undefined, days }));
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3 text-sm">
        {teams ? (
          <TeamFilter teams={teams} value={team} onChange={setTeam} everyone="Whole organisation" />
        ) : null}
        <label className="space-y-1">
          <span className="block text-zinc-500">Window</span>
          <Select aria-label="Window" value={String(days)} onChange={(e) => setDays(Number(e.target.value))}>
            <option value="7">Last 7 days</option>
            <option value="30">Last 30 days</option>
            <option value="90">Last 90 days</option>
          </Select>
        </label>
        {report.data ? <p className="pb-2 text-xs text-zinc-600 dark:text-zinc-400">Production deployments only{report.data.services !== null ? ` · ${report.data.services} service${report.data.services === 1 ? "" : "s"}` : ""}</p> : null}
        {report.data?.demoDeployments ? (
          <p className="pb-2">
            <Badge tone="purple">demo data</Badge>{" "}
            <span className="text-xs text-zinc-600 dark:text-zinc-400">
              {report.data.demoDeployments} of these deployments are the demo&apos;s; real ones come from rollouts, deploy runs and POST /api/v1/deployments
            </span>
          </p>
        ) : null}
      </div>
      {report.isPending ? (
        <Skeleton className="h-64" />
      ) : report.isError ? (
        <ErrorState message={report.error.message} retry={() => void report.refetch()} />
      ) : report.data.current.finished === 0 && report.data.previous.finished === 0 ? (
        <p className="text-sm text-zinc-500">No production deployments in this window. Deployments come from observed rollouts, deploy runs and POST /api/v1/deployments.</p>
      ) : (
        <>
          <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
            {tiles.map((t) => {
              const level = t.level(report.data.current);
              return (
                <li key={t.key}>
                  <Card className="h-full" aria-label={t.title}>
                    <p className="flex items-center justify-between text-sm text-zinc-500">
                      {t.title}
                      {level ? <Badge tone={levelTone[level]}>{level}</Badge> : null}
                    </p>
                    <p className="mt-1 text-2xl font-semibold" data-testid={`dora-${t.key}`}>
                      {t.show(report.data.current)}
                    </p>
                    <p className="text-xs text-zinc-500">{t.note(report.data.current)}</p>
                    <Delta now={t.value(report.data.current)} before={report.data.previous.finished ? t.value(report.data.previous) : null} better={t.better} />
                  </Card>
                </li>
              );
            })}
          </ul>
          <DoraCharts series={report.data.series} />
        </>
      )}
    </div>
  );
}
