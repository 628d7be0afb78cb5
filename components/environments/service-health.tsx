import { Fragment } from "react";
import { AlertTriangle, OctagonAlert } from "lucide-react";
import { EntityLink } from "../catalog/entity-link";
import { Badge } from "../ui/badge";
import { Card } from "../ui/card";
import { Table, Td, Th } from "../ui/table";
import type { ServiceHealth } from "@/server/environments/dashboard";
import type { Problem, RolloutStatus } from "@/server/environments/workloads";

const rolloutTone: Record<RolloutStatus, "green" | "yellow" | "red" | "gray"> = { complete: "green", progressing: "yellow", failed: "red", paused: "gray", "scaled-down": "gray" };

/** "3d 4h", "12m": how long ago, computed when the page renders. */
export function age(since: string | undefined, now: number): string {
  if (!since) return "—";
  const minutes = Math.max(0, Math.floor((now - new Date(since).getTime()) / 60_000));
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

export function ProblemItem({ problem }: { problem: Problem }) {
  const Icon = problem.severity === "critical" ? OctagonAlert : AlertTriangle;
  return (
    <li className={`rounded-md border px-3 py-2 text-sm ${problem.severity === "critical" ? "border-red-200 bg-red-50 dark:border-red-900 dark:bg-red-950/30" : "border-amber-200 bg-amber-50 dark:border-amber-900 dark:bg-amber-950/30"}`}>
      <p className="flex items-center gap-2 font-medium">
        <Icon aria-hidden className={`size-4 ${problem.severity === "critical" ? "text-red-600" : "text-amber-600"}`} />
        {problem.title}
        <Badge tone={problem.severity === "critical" ? "red" : "yellow"}>{problem.kind}</Badge>
        <span className="text-xs font-normal text-zinc-500">{problem.object}</span>
      </p>
      <p className="mt-1">{problem.explanation}</p>
      <p className="mt-1 text-zinc-700 dark:text-zinc-300">
        <span className="font-medium">Suggested fix:</span> {problem.fix}
      </p>
    </li>
  );
}

/** One service in one environment: workloads (version, replicas, rollout), problems, pods. */
export function ServiceHealthCard({ health, title, inCatalog, at }: { health: ServiceHealth; title: string | null; inCatalog: boolean; at: string }) {
  const now = new Date(at).getTime();
  return (
    <Card aria-label={`Service ${health.service}`} data-testid={`service-${health.service}`}>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-base font-semibold">{inCatalog ? <EntityLink blueprint="service" identifier={health.service} title={title} /> : health.service}</h2>
        {health.problems.length === 0 ? <Badge tone="green">Healthy</Badge> : <Badge tone={health.problems.some((p) => p.severity === "critical") ? "red" : "yellow"}>{health.problems.length} problem{health.problems.length === 1 ? "" : "s"}</Badge>}
      </div>
      <dl className="mb-3 grid gap-2 text-sm sm:grid-cols-4">
        {health.workloads.map((w) => (
          <Fragment key={`${w.kind}/${w.name}`}>
            <div>
              <dt className="text-zinc-500">Version</dt>
              <dd className="font-mono" data-testid="version">
                {w.version ?? "—"}
              </dd>
            </div>
            <div>
              <dt className="text-zinc-500">Replicas ready</dt>
              <dd>
                {w.ready}/{w.desired}
                {w.hpa ? <span className="text-xs text-zinc-500"> (autoscaled {w.hpa.min}–{w.hpa.max})</span> : null}
              </dd>
            </div>
            <div>
              <dt className="text-zinc-500">Rollout</dt>
              <dd>
                <Badge tone={rolloutTone[w.rollout]}>{w.rollout}</Badge>
              </dd>
            </div>
            <div>
              <dt className="text-zinc-500">{w.kind}</dt>
              <dd className="truncate font-mono text-xs" title={w.images.join(", ")}>
                {w.name}
              </dd>
            </div>
          </Fragment>
        ))}
      </dl>
      {health.problems.length ? (
        <ul className="mb-3 space-y-2" aria-label="Problems">
          {health.problems.map((p, i) => (
            <ProblemItem key={`${p.object}-${p.kind}-${i}`} problem={p} />
          ))}
        </ul>
      ) : null}
      {health.pods.length ? (
        <Table aria-label={`Pods of ${health.service}`}>
          <thead>
            <tr>
              <Th>Pod</Th>
              <Th>Phase</Th>
              <Th>Ready</Th>
              <Th>Restarts</Th>
              <Th>Age</Th>
            </tr>
          </thead>
          <tbody>
            {health.pods.map((p) => (
              <tr key={p.name}>
                <Td className="font-mono text-xs">{p.name}</Td>
                <Td>{p.problems.length ? <Badge tone="red">{p.problems[0]!.kind}</Badge> : <Badge tone={p.phase === "Running" ? "green" : "gray"}>{p.phase}</Badge>}</Td>
                <Td>{p.ready ? "Yes" : "No"}</Td>
                <Td className={p.restarts > 5 ? "font-medium text-red-600" : undefined}>{p.restarts}</Td>
                <Td>{age(p.since, now)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : (
        <p className="text-sm text-zinc-500">No pods.</p>
      )}
    </Card>
  );
}
