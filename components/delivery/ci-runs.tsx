"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Loader2, RefreshCw, RotateCcw } from "lucide-react";
import Link from "next/link";
import { useTRPC } from "../trpc/client";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { MutationError } from "../ui/mutation-error";
import { ErrorState, Skeleton } from "../ui/states";
import { Table, Td, Th } from "../ui/table";
import { Time } from "../ui/time";

function duration(seconds: number | null) {
  if (seconds === null) return "—";
  const m = Math.floor(seconds / 60);
  return m ? `${m}m ${seconds % 60}s` : `${seconds}s`;
}

function RunStatus({ status, conclusion }: { status: string; conclusion: string | null }) {
  if (status !== "completed") return <Badge tone="yellow">{status.replace("_", " ")}</Badge>;
  return <Badge tone={conclusion === "success" ? "green" : conclusion === "failure" || conclusion === "timed_out" ? "red" : "gray"}>{conclusion ?? "completed"}</Badge>;
}

/** The latest GitHub Actions runs of the service's repository, with re-run for admins and owners. */
export function CiRuns({ service, isAdmin }: { service: string; isAdmin: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const runs = useQuery({ ...trpc.delivery.ciRuns.queryOptions({ service }), refetchInterval: 30_000 });
  const refresh = useMutation({
    mutationFn: () => queryClient.fetchQuery(trpc.delivery.ciRuns.queryOptions({ service, refresh: true })),
    onSuccess: (data) => queryClient.setQueryData(trpc.delivery.ciRuns.queryKey({ service }), data),
  });
  const rerun = useMutation(trpc.delivery.rerun.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.delivery.ciRuns.queryKey({ service }) }) }));
  if (runs.isPending) return <Skeleton className="h-32" />;
  if (runs.isError) return <ErrorState message={runs.error.message} retry={() => void runs.refetch()} />;
  const data = runs.data;
  if (!data.repository)
    return <p className="text-sm text-zinc-500">This service names no GitHub repository: set its repository URL (or a github.com/project-slug property) to see its CI runs.</p>;
  const demo = data.runs.some((r) => r.demo);
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <p className="text-zinc-600 dark:text-zinc-400">
          <span className="font-mono">{data.repository}</span>
          {data.syncedAt ? (
            <>
              {" "}
              · read <Time value={data.syncedAt} />
            </>
          ) : null}
        </p>
        {data.connected ? (
          <Button type="button" variant="secondary" size="sm" disabled={refresh.isPending} onClick={() => refresh.mutate()}>
            {refresh.isPending ? <Loader2 aria-hidden className="size-4 animate-spin" /> : <RefreshCw aria-hidden className="size-4" />} Refresh
          </Button>
        ) : null}
      </div>
      {!data.connected ? (
        <p role="status" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-200">
          GitHub is not connected{demo ? ": these runs are demo data" : ""}.{" "}
          {isAdmin ? (
            <Link className="underline" href="/admin/integrations">
              Connect GitHub
            </Link>
          ) : (
            "An admin connects it in Admin → Integrations."
          )}
        </p>
      ) : null}
      {data.error ? (
        <p role="alert" className="text-sm text-red-600">
          {data.error}
        </p>
      ) : null}
      <MutationError error={rerun.error ?? refresh.error} />
      {data.runs.length === 0 ? (
        <p className="text-sm text-zinc-500">No workflow runs yet.</p>
      ) : (
        <Table aria-label="CI runs">
          <thead>
            <tr>
              <Th>Workflow</Th>
              <Th>Status</Th>
              <Th>Branch</Th>
              <Th>Commit</Th>
              <Th>Actor</Th>
              <Th>Started</Th>
              <Th>Duration</Th>
              {data.mayRerun ? <Th className="sr-only">Re-run</Th> : null}
            </tr>
          </thead>
          <tbody>
            {data.runs.map((r) => (
              <tr key={r.id}>
                <Td>
                  {r.url ? (
                    <a className="hover:underline" href={r.url} target="_blank" rel="noreferrer noopener">
                      {r.workflow}
                    </a>
                  ) : (
                    r.workflow
                  )}
                  {r.title ? <span className="block text-xs text-zinc-500">{r.title}</span> : null}
                </Td>
                <Td>
                  <RunStatus status={r.status} conclusion={r.conclusion} />
                </Td>
                <Td className="font-mono text-xs">{r.branch ?? "—"}</Td>
                <Td className="font-mono text-xs">{r.commitSha?.slice(0, 7) ?? "—"}</Td>
                <Td>{r.actor ?? "—"}</Td>
                <Td>{r.startedAt ? <Time value={r.startedAt} /> : "—"}</Td>
                <Td>{duration(r.durationSeconds)}</Td>
                {data.mayRerun ? (
                  <Td>
                    {r.status === "completed" && data.connected && !r.demo ? (
                      <Button type="button" variant="secondary" size="sm" disabled={rerun.isPending} onClick={() => rerun.mutate({ service, runId: r.id })} aria-label={`Re-run ${r.workflow} #${r.id}`}>
                        <RotateCcw aria-hidden className="size-3.5" /> Re-run
                      </Button>
                    ) : null}
                  </Td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </div>
  );
}
