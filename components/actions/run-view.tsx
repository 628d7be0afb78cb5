"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ExternalLink, Loader2 } from "lucide-react";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { EntityLink } from "../catalog/entity-link";
import { useTRPC } from "../trpc/client";
import { Button } from "../ui/button";
import { Card, CardTitle, PageHeader } from "../ui/card";
import { Textarea } from "../ui/field";
import { MutationError } from "../ui/mutation-error";
import { EmptyState, ErrorState, Loading } from "../ui/states";
import { Time } from "../ui/time";
import { RunStatus } from "./run-status";

const FINAL = ["SUCCESS", "FAILURE", "CANCELLED", "DECLINED"];
const POLL_MS = 2_000;

/** The run page's live part: it polls the run and its logs until the run ends. */
export function RunView({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const run = useQuery({ ...trpc.runs.get.queryOptions({ id }), refetchInterval: (q) => (q.state.data && FINAL.includes(q.state.data.status) ? false : POLL_MS) });
  const final = run.data ? FINAL.includes(run.data.status) : false;
  const logs = useQuery({ ...trpc.runs.logs.queryOptions({ id }), refetchInterval: final ? false : POLL_MS });
  // The run's last lines are written with its final status: fetch the logs once more when it ends,
  // or the last poll (made before) would be all the page ever shows.
  useEffect(() => {
    if (final) void queryClient.invalidateQueries({ queryKey: trpc.runs.logs.queryKey({ id }) });
  }, [final, id, queryClient, trpc]);
  const [comment, setComment] = useState("");
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.runs.get.queryKey({ id }) });
    void queryClient.invalidateQueries({ queryKey: trpc.runs.logs.queryKey({ id }) });
    void queryClient.invalidateQueries({ queryKey: trpc.runs.approvalCount.queryKey() });
  };
  const approve = useMutation(trpc.runs.approve.mutationOptions({ onSuccess: refresh }));
  const decline = useMutation(trpc.runs.decline.mutationOptions({ onSuccess: refresh }));
  const cancel = useMutation(trpc.runs.cancel.mutationOptions({ onSuccess: refresh }));

  if (run.isPending) return <Loading label="Loading the run…" />;
  if (run.isError) return <ErrorState message={run.error.message} retry={() => void run.refetch()} />;
  const r = run.data;
  const timeline = [
    { label: `Requested by ${r.requestedBy.label}`, at: r.createdAt },
    ...r.approvals.map((a) => ({ label: `${a.decision === "APPROVED" ? "Approved" : "Declined"} by ${a.by}${a.comment ? `: “${a.comment}”` : ""}`, at: a.at })),
    ...(r.startedAt ? [{ label: "Dispatched", at: r.startedAt }] : []),
    ...(r.finishedAt ? [{ label: `Ended: ${r.status.toLowerCase().replace(/_/g, " ")}`, at: r.finishedAt }] : []),
  ];
  return (
    <>
      <PageHeader
        title={r.actionTitle}
        description={
          <>
            {r.entity ? (
              <>
                on <EntityLink blueprint={r.blueprint} identifier={r.entity} />
                {" · "}
              </>
            ) : null}
            {r.invocationType} · run <code className="font-mono text-xs">{r.id}</code>
          </>
        }
        actions={
          <div className="flex items-center gap-2">
            <span data-testid="run-status">
              <RunStatus status={r.status} />
            </span>
            {r.canCancel ? (
              <Button variant="secondary" size="sm" disabled={cancel.isPending} onClick={() => cancel.mutate({ id })}>
                Cancel run
              </Button>
            ) : null}
            {/* The form again, filled in with this run's inputs (secrets are not kept, so they are asked again). */}
            <Button asChild variant="secondary" size="sm">
              <a href={`/self-service/${encodeURIComponent(r.action)}?${r.entity ? `entity=${encodeURIComponent(r.entity)}&` : ""}from=${encodeURIComponent(r.id)}`}>Run again</a>
            </Button>
          </div>
        }
      />
      <MutationError error={cancel.error} />
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-1">
          {r.canApprove ? (
            <Card aria-label="Approval">
              <CardTitle>Your approval</CardTitle>
              <label htmlFor="approval-comment" className="block text-sm font-medium">
                Comment
              </label>
              <Textarea id="approval-comment" rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
              <div className="mt-2 flex gap-2">
                <Button disabled={approve.isPending} onClick={() => approve.mutate({ id, comment })}>
                  Approve
                </Button>
                <Button variant="danger" disabled={decline.isPending} onClick={() => decline.mutate({ id, comment })}>
                  Decline
                </Button>
              </div>
              <MutationError error={approve.error ?? decline.error} />
            </Card>
          ) : null}
          <Card>
            <CardTitle>Timeline</CardTitle>
            <ol className="space-y-2 border-l border-zinc-200 pl-4 text-sm dark:border-zinc-800">
              {timeline.map((t, i) => (
                <li key={i}>
                  <p>{t.label}</p>
                  <p className="text-xs text-zinc-500">
                    <Time value={t.at} />
                  </p>
                </li>
              ))}
              {!final ? (
                <li className="flex items-center gap-2 text-zinc-500">
                  <Loader2 aria-hidden className="size-3.5 animate-spin" /> {r.statusLabel ?? (r.status === "WAITING_FOR_APPROVAL" ? "Waiting for an approver" : "Working…")}
                </li>
              ) : null}
            </ol>
          </Card>
          {r.link || r.summary || r.affectedEntities.length ? (
            <Card>
              <CardTitle>Result</CardTitle>
              {r.summary ? <p className="text-sm" data-testid="run-summary">{r.summary}</p> : null}
              {r.link ? (
                <a className="mt-2 inline-flex items-center gap-1 text-sm text-brand-700 underline dark:text-brand-300" href={r.link} target="_blank" rel="noreferrer">
                  Open in the target <ExternalLink aria-hidden className="size-3.5" />
                </a>
              ) : null}
              {r.affectedEntities.length ? (
                <ul className="mt-2 space-y-1 text-sm">
                  {r.affectedEntities.map((e) => (
                    <li key={`${e.blueprint}/${e.identifier}`}>
                      {e.blueprint}: <EntityLink blueprint={e.blueprint} identifier={e.identifier} />
                    </li>
                  ))}
                </ul>
              ) : null}
            </Card>
          ) : null}
          <Card>
            <CardTitle>Inputs</CardTitle>
            {Object.keys(r.inputs).length === 0 ? (
              <p className="text-sm text-zinc-500">No inputs</p>
            ) : (
              <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-sm">
                {Object.entries(r.inputs).map(([k, v]) => (
                  <div key={k} className="contents">
                    <dt className="text-zinc-600 dark:text-zinc-400">{r.inputTitles[k] ?? k}</dt>
                    <dd className="break-all">{typeof v === "string" ? v : JSON.stringify(v)}</dd>
                  </div>
                ))}
              </dl>
            )}
          </Card>
        </div>
        <Card className="lg:col-span-2" aria-label="Logs">
          <CardTitle>Logs {final ? null : <span className="text-xs font-normal text-zinc-600 dark:text-zinc-400">(live)</span>}</CardTitle>
          {logs.isPending ? (
            <Loading label="Loading logs…" />
          ) : logs.isError ? (
            <ErrorState message={logs.error.message} retry={() => void logs.refetch()} />
          ) : logs.data.length === 0 ? (
            <EmptyState title="No log lines yet" />
          ) : (
            <RunLogLines lines={logs.data} />
          )}
        </Card>
      </div>
    </>
  );
}

type LogLine = { id: number | string; at: Date | string; level: string; source: string; message: string };

/**
 * The log oldest first, as a terminal shows it; the server answers the newest lines first. While the run
 * writes, the box follows the end unless the reader has scrolled up to read.
 */
function RunLogLines({ lines }: { lines: LogLine[] }) {
  const box = useRef<HTMLOListElement>(null);
  const following = useRef(true);
  const ordered = [...lines].reverse();
  useLayoutEffect(() => {
    const el = box.current;
    if (el && following.current) el.scrollTop = el.scrollHeight;
  }, [lines]);
  return (
    <ol
      ref={box}
      tabIndex={0}
      aria-label="Log lines, oldest first"
      onScroll={(e) => {
        const el = e.currentTarget;
        following.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
      }}
      className="max-h-[32rem] overflow-auto rounded-md bg-zinc-950 p-3 font-mono text-xs text-zinc-100"
      data-testid="run-logs"
    >
      {ordered.map((l) => (
        <li key={l.id} className={l.level === "error" ? "text-red-300" : l.level === "warn" ? "text-amber-300" : undefined}>
          <span className="text-zinc-400">{new Date(l.at).toISOString().slice(11, 19)} [{l.source}]</span> {l.message}
        </li>
      ))}
    </ol>
  );
}
