"use client";

import { useQuery } from "@tanstack/react-query";
import { Download } from "lucide-react";
import { usePathname, useRouter } from "next/navigation";
import type { InsightSection, InsightsReport as Report } from "@/server/insights/service";
import { useTRPC } from "../trpc/client";
import { Card, CardTitle } from "../ui/card";
import { Delta } from "../ui/delta";
import { Select } from "../ui/field";
import { EmptyState, ErrorState, Skeleton } from "../ui/states";
import { Table, Td, Th } from "../ui/table";
import { TeamFilter } from "../ui/team-filter";
import { ActiveUsersChart } from "./active-users-chart";
import { periods } from "./period";

type RunFigures = Report["goldenPaths"]["total"]["current"];

const share = (part: number, total: number) => (total ? part / total : null);
const percent = (n: number | null) => (n === null ? "—" : `${Math.round(n * 100)}%`);
function duration(seconds: number | null) {
  if (seconds === null) return "—";
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round((seconds / 3600) * 10) / 10} h`;
  return `${Math.round((seconds / 86_400) * 10) / 10} days`;
}
const hours = (h: number | null) => duration(h === null ? null : h * 3600);
const date = (iso: string) => new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/** The CSV of one section, for the filters on screen (the same table as GET /api/v1/insights/export). */
function CsvLink({ section, days, team, label }: { section: InsightSection; days: number; team: string; label: string }) {
  const query = new URLSearchParams({ section, days: String(days), ...(team ? { team } : {}) });
  return (
    <a className="inline-flex items-center gap-1 text-xs font-medium text-brand-700 hover:underline dark:text-brand-300" href={`/api/insights/export?${query}`} download>
      <Download aria-hidden className="size-3" /> {label}
    </a>
  );
}

function Section({ title, csv, children, description }: { title: string; csv: React.ReactNode; description?: string; children: React.ReactNode }) {
  return (
    <Card aria-label={title} className="space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <CardTitle>{title}</CardTitle>
        <span className="flex flex-wrap gap-3">{csv}</span>
      </div>
      {description ? <p className="text-sm text-zinc-600 dark:text-zinc-400">{description}</p> : null}
      {children}
    </Card>
  );
}

function Tile({ title, value, note, delta }: { title: string; value: string; note: string; delta: React.ReactNode }) {
  return (
    <li>
      <Card className="h-full" aria-label={title}>
        <p className="text-sm text-zinc-500">{title}</p>
        <p className="mt-1 text-2xl font-semibold" data-testid="insight-value">
          {value}
        </p>
        <p className="text-xs text-zinc-500">{note}</p>
        {delta}
      </Card>
    </li>
  );
}

const what = "the period before";

/** Adoption insights for a period and a team, each figure against the period before; filters in the URL. */
export function InsightsReport({ teams, days, team }: { teams: { id: string; title: string }[]; days: number; team: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const report = useQuery(trpc.insights.report.queryOptions({ days, team: team || undefined }));
  const setFilter = (next: { days?: number; team?: string }) => {
    const query = new URLSearchParams();
    const d = next.days ?? days;
    const t = next.team ?? team;
    if (d !== 30) query.set("days", String(d));
    if (t) query.set("team", t);
    router.replace(`${pathname}${query.size ? `?${query}` : ""}`, { scroll: false });
  };
  const titleOf = (id: string | null) => (id === null ? "No team" : (teams.find((t) => t.id === id)?.title ?? id));
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3 text-sm">
        <TeamFilter teams={teams} value={team} onChange={(t) => setFilter({ team: t })} everyone="Everyone" />
        <label className="space-y-1">
          <span className="block text-zinc-500">Period</span>
          <Select aria-label="Period" value={String(days)} onChange={(e) => setFilter({ days: Number(e.target.value) })}>
            {periods.map((p) => (
              <option key={p.days} value={p.days}>
                {p.label}
              </option>
            ))}
          </Select>
        </label>
        {report.data ? (
          <p className="pb-2 text-xs text-zinc-600 dark:text-zinc-400">
            {date(report.data.period.from)} to {date(report.data.period.to)}, against {date(report.data.period.previousFrom)} to {date(report.data.period.from)}
            {report.data.teams && report.data.teams.length > 1 ? ` · with the teams below it (${report.data.teams.length - 1})` : ""}
          </p>
        ) : null}
      </div>
      {report.isPending ? (
        <div className="space-y-4" aria-busy="true">
          <Skeleton className="h-28" />
          <Skeleton className="h-64" />
        </div>
      ) : report.isError ? (
        <ErrorState message={report.error.message} retry={() => void report.refetch()} />
      ) : (
        <Sections report={report.data} days={days} team={team} titleOf={titleOf} />
      )}
    </div>
  );
}

function Sections({ report, days, team, titleOf }: { report: Report; days: number; team: string; titleOf: (id: string | null) => string }) {
  const { activeUsers, goldenPaths, timeToProduction, completeness, scorecardMovement } = report;
  const csv = (section: InsightSection, label = "CSV") => <CsvLink key={section} section={section} days={days} team={team} label={label} />;
  const services = completeness.blueprints.find((b) => b.blueprint === "service") ?? completeness.blueprints[0];
  return (
    <>
      <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
        <Tile
          title="Weekly active users"
          value={String(activeUsers.weekly.at(-1)?.users ?? 0)}
          note={`used Portico in the last 7 days; ${activeUsers.weeklyAverage.current} a week on average over the period`}
          delta={<Delta now={activeUsers.weeklyAverage.current} before={activeUsers.weeklyAverage.previous} better="up" what={what} />}
        />
        <Tile
          title="Golden-path runs"
          value={String(goldenPaths.total.current.runs)}
          note={`${percent(goldenPaths.total.current.successRate)} succeeded`}
          delta={<Delta now={goldenPaths.total.current.runs} before={goldenPaths.total.previous.runs} better="up" what={what} />}
        />
        <Tile
          title="Median time to production"
          value={hours(timeToProduction.current.medianHours)}
          note={`from creating a service to its first production deployment (${timeToProduction.current.deployed} of ${timeToProduction.current.created} there)`}
          delta={<Delta now={timeToProduction.current.medianHours} before={timeToProduction.previous.medianHours} better="down" what={what} />}
        />
        <Tile
          title="Owned entities"
          value={services ? percent(share(services.owner, services.total)) : "—"}
          note={services ? `of ${services.total} ${services.title.toLowerCase()} entities have an owning team` : "no entities yet"}
          delta={<span className="text-xs text-zinc-500">as the catalog is now</span>}
        />
      </ul>

      <Section title="Active users" csv={csv("active-users")} description="Users who signed in and used Portico, per week of 7 days up to today; a team counts its members.">
        <ActiveUsersChart weekly={activeUsers.weekly} />
        {activeUsers.byTeam.length ? (
          <Table aria-label="Weekly active users by team">
            <thead>
              <tr>
                <Th>Team</Th>
                <Th>Members</Th>
                <Th>Weekly active</Th>
                <Th>Against the period before</Th>
              </tr>
            </thead>
            <tbody>
              {activeUsers.byTeam.map((t) => (
                <tr key={t.team}>
                  <Td>{t.title}</Td>
                  <Td>{t.members}</Td>
                  <Td>{t.weeklyAverage.current}</Td>
                  <Td>
                    <Delta now={t.weeklyAverage.current} before={t.weeklyAverage.previous} better="up" what={what} />
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        ) : (
          <EmptyState title="No teams yet" />
        )}
      </Section>

      <Section title="Golden paths" csv={[csv("golden-paths"), csv("teams-never-used", "Teams that never ran one (CSV)")]} description="Self-service runs per action and requesting team: how many, how many succeeded, how long they took from dispatch to the end, and how long they waited for approval (medians to within 5 %).">
        {goldenPaths.actions.length ? (
          <>
            <RunTable label="Runs per golden path" rows={goldenPaths.actions.map((r) => ({ key: r.action, name: r.title, current: r.current, previous: r.previous }))} />
            <details>
              <summary className="cursor-pointer text-sm font-medium">Per team</summary>
              <div className="mt-2">
                <RunTable label="Runs per golden path and team" rows={goldenPaths.byTeam.map((r) => ({ key: `${r.action}/${r.team}`, name: `${r.title} · ${titleOf(r.team)}`, current: r.current, previous: r.previous }))} />
              </div>
            </details>
          </>
        ) : (
          <EmptyState title="No runs in this period">Runs appear here once someone uses a self-service action.</EmptyState>
        )}
        <div aria-label="Teams that never ran a golden path" role="group">
          <h3 className="text-sm font-medium">Teams that never ran a golden path</h3>
          {goldenPaths.teamsNeverUsed.length ? (
            <ul className="mt-1 flex flex-wrap gap-2 text-sm">
              {goldenPaths.teamsNeverUsed.map((t) => (
                <li key={t.team} className="rounded border border-zinc-200 px-2 py-0.5 dark:border-zinc-700">
                  {t.title} <span className="text-xs text-zinc-500">· {t.members} member{t.members === 1 ? "" : "s"}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-1 text-sm text-zinc-500">Every team has run one.</p>
          )}
        </div>
      </Section>

      <Section title="Time to production" csv={csv("time-to-production")} description="From a golden path that created a service to that service's first successful production deployment, for services created in the period.">
        {timeToProduction.current.created + timeToProduction.previous.created === 0 ? (
          <EmptyState title="No service was created through a golden path in this period">A CREATE action that succeeds and writes a service starts the clock.</EmptyState>
        ) : (
          <>
            <Table aria-label="Time to production by team">
              <thead>
                <tr>
                  <Th>Team</Th>
                  <Th>Created</Th>
                  <Th>In production</Th>
                  <Th>Median time</Th>
                  <Th>Against the period before</Th>
                </tr>
              </thead>
              <tbody>
                {[{ team: "(everyone)", ...timeToProduction }, ...timeToProduction.byTeam].map((t) => (
                  <tr key={t.team ?? "none"}>
                    <Td>{t.team === "(everyone)" ? "Everyone" : titleOf(t.team)}</Td>
                    <Td>{t.current.created}</Td>
                    <Td>{t.current.deployed}</Td>
                    <Td>{hours(t.current.medianHours)}</Td>
                    <Td>
                      <Delta now={t.current.medianHours} before={t.previous.medianHours} better="down" what={what} />
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
            {timeToProduction.waiting.length ? (
              <div>
                <h3 className="text-sm font-medium">Not in production yet</h3>
                <ul className="mt-1 space-y-1 text-sm" aria-label="Services not in production yet">
                  {timeToProduction.waiting.map((w) => (
                    <li key={w.service}>
                      <a className="font-medium hover:underline" href={`/catalog/service/${encodeURIComponent(w.service)}`}>
                        {w.service}
                      </a>{" "}
                      <span className="text-xs text-zinc-500">
                        {titleOf(w.team)} · created {date(w.createdAt)} by {w.action}
                      </span>
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
          </>
        )}
      </Section>

      <Section title="Catalog completeness" csv={csv("completeness")} description="Entities with an owning team, a description, docs (a docs link or a TechDocs reference) and a repository, as the catalog is now.">
        {completeness.blueprints.length ? (
          <>
            <CompletenessTable label="Completeness by blueprint" checks={completeness.checks} rows={completeness.blueprints.map((b) => ({ key: b.blueprint, name: b.title, counts: b }))} />
            <details>
              <summary className="cursor-pointer text-sm font-medium">Per team</summary>
              <div className="mt-2">
                <CompletenessTable
                  label="Completeness by team"
                  checks={completeness.checks}
                  rows={completeness.byTeam.map((b) => ({ key: `${b.blueprint}/${b.team}`, name: `${completeness.blueprints.find((x) => x.blueprint === b.blueprint)?.title ?? b.blueprint} · ${b.team === null ? "No owner" : titleOf(b.team)}`, counts: b }))}
                />
              </div>
            </details>
          </>
        ) : (
          <EmptyState title="No entities yet" />
        )}
      </Section>

      <Section title="Scorecard movement" csv={csv("scorecard-movement")} description="The average level (0 is the first) at the start and the end of the period, from the daily scorecard snapshots.">
        {scorecardMovement.length ? (
          <Table aria-label="Average level per scorecard and team">
            <thead>
              <tr>
                <Th>Scorecard</Th>
                <Th>Team</Th>
                <Th>Entities</Th>
                <Th>Average level</Th>
                <Th>Change</Th>
                <Th>In the period before</Th>
              </tr>
            </thead>
            <tbody>
              {scorecardMovement.map((m) => (
                <tr key={`${m.blueprint}/${m.scorecard}/${m.team}`}>
                  <Td>{m.title}</Td>
                  <Td>{m.team === null ? "Everyone" : titleOf(m.team)}</Td>
                  <Td>{m.end?.entities ?? 0}</Td>
                  <Td>
                    {m.start ? m.start.averageLevel : "—"} → {m.end?.averageLevel ?? "—"}
                  </Td>
                  <Td className={m.change.current === null || m.change.current === 0 ? "" : m.change.current > 0 ? "text-green-700 dark:text-green-400" : "text-red-600"}>
                    {m.change.current === null ? "no snapshot at the start" : `${m.change.current > 0 ? "+" : ""}${m.change.current}`}
                  </Td>
                  <Td>{m.change.previous === null ? "—" : `${m.change.previous > 0 ? "+" : ""}${m.change.previous}`}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        ) : (
          <EmptyState title="No scorecard snapshots yet">Scorecards are snapshotted daily; movement shows once there are two.</EmptyState>
        )}
      </Section>
    </>
  );
}

function RunTable({ label, rows }: { label: string; rows: { key: string; name: string; current: RunFigures; previous: RunFigures }[] }) {
  return (
    <Table aria-label={label}>
      <thead>
        <tr>
          <Th>Golden path</Th>
          <Th>Runs</Th>
          <Th>Succeeded</Th>
          <Th>Median duration</Th>
          <Th>Median approval wait</Th>
          <Th>Against the period before</Th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <Td>{r.name}</Td>
            <Td>{r.current.runs}</Td>
            <Td>
              {percent(r.current.successRate)}
              {r.current.failed ? <span className="text-xs text-zinc-500"> · {r.current.failed} failed</span> : null}
            </Td>
            <Td>{duration(r.current.medianDurationSeconds)}</Td>
            <Td>{duration(r.current.medianApprovalWaitSeconds)}</Td>
            <Td>
              <Delta now={r.current.runs} before={r.previous.runs} better="up" what={what} />
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

type Counts = Report["completeness"]["blueprints"][number];

function CompletenessTable({ label, checks, rows }: { label: string; checks: Report["completeness"]["checks"]; rows: { key: string; name: string; counts: Omit<Counts, "blueprint" | "title"> }[] }) {
  return (
    <Table aria-label={label}>
      <thead>
        <tr>
          <Th>Entities</Th>
          <Th>Count</Th>
          {checks.map((c) => (
            <Th key={c.key}>{c.title}</Th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <Td>{r.name}</Td>
            <Td>{r.counts.total}</Td>
            {checks.map((c) => {
              const part = share(r.counts[c.key as keyof typeof r.counts] as number, r.counts.total);
              return (
                <Td key={c.key}>
                  <span className="flex items-center gap-2">
                    <span aria-hidden className="h-1.5 w-12 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-700">
                      <span className="block h-full bg-green-600" style={{ width: `${Math.round((part ?? 0) * 100)}%` }} />
                    </span>
                    {percent(part)}
                  </span>
                </Td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
