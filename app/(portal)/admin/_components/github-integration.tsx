"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { RefreshCw } from "lucide-react";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { MutationError } from "@/components/ui/mutation-error";
import { ErrorState, Loading } from "@/components/ui/states";
import { Time } from "@/components/ui/time";

const tone = { idle: "gray", queued: "blue", running: "blue", succeeded: "green", failed: "red" } as const;

export function GitHubIntegration() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const github = useQuery({
    ...trpc.integrations.github.queryOptions(),
    // Follow a sync while it is queued or running.
    refetchInterval: (q) => (["queued", "running"].includes(q.state.data?.syncState.status ?? "") ? 1500 : false),
  });
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.integrations.pathKey() });
  const save = useMutation(trpc.integrations.saveGithub.mutationOptions({ onSuccess: () => (setToken(""), invalidate()) }));
  const sync = useMutation(trpc.integrations.syncGithub.mutationOptions({ onSuccess: invalidate }));
  const [org, setOrg] = useState<string | null>(null);
  const [apiUrl, setApiUrl] = useState<string | null>(null);
  const [token, setToken] = useState("");

  if (github.isPending) return <Loading label="Loading the GitHub integration…" />;
  if (github.isError) return <ErrorState message={github.error.message} retry={() => void github.refetch()} />;
  const g = github.data;
  const state = g.syncState;
  const fieldErrors = (save.error?.data as { details?: { path: string; message: string }[] } | undefined)?.details ?? [];
  const errorFor = (p: string) => fieldErrors.find((d) => d.path === p)?.message;

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Card>
        <CardTitle>GitHub organisation</CardTitle>
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ org: org ?? g.org, apiUrl: apiUrl ?? g.apiUrl, token: token || undefined });
          }}
        >
          <Field label="Organisation" error={errorFor("/org")}>
            {(p) => <Input {...p} required value={org ?? g.org} onChange={(e) => setOrg(e.target.value)} placeholder="acme" />}
          </Field>
          <Field label="API URL" hint="Only for GitHub Enterprise Server, e.g. https://github.example.com/api/v3" error={errorFor("/apiUrl")}>
            {(p) => <Input {...p} value={apiUrl ?? g.apiUrl} onChange={(e) => setApiUrl(e.target.value)} />}
          </Field>
          <Field
            label="Token"
            hint={
              g.tokenSource === "ui"
                ? "A token is stored (encrypted). Leave empty to keep it."
                : g.tokenSource === "configuration"
                  ? "The token from PORTICO_GITHUB_TOKEN is used. A token entered here replaces it."
                  : "A token that can read the organisation's repositories and contents."
            }
          >
            {(p) => <Input {...p} type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} />}
          </Field>
          <MutationError error={fieldErrors.length ? null : save.error} />
          {save.isSuccess ? (
            <p role="status" className="text-sm text-green-700 dark:text-green-400">
              Saved.
            </p>
          ) : null}
          <Button type="submit" disabled={save.isPending}>
            {save.isPending ? "Saving…" : "Save"}
          </Button>
        </form>
      </Card>
      <Card>
        <CardTitle>Discovery</CardTitle>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Runs every hour: each repository becomes a Repository entity and its catalog-info.yaml is imported. Entities of repositories that disappear are
          marked orphaned.
        </p>
        <div className="mt-3 flex items-center gap-3">
          {/* What the state says only while GitHub is connected: a sync of an earlier connection is not this one's. */}
          {g.configured ? <Badge tone={tone[state.status]}>{state.status === "idle" ? "not run yet" : state.status}</Badge> : <Badge tone="gray">not connected</Badge>}
          {!g.configured ? <span className="text-sm text-zinc-600 dark:text-zinc-400">Connect an organisation above to discover its repositories.</span> : null}
          {state.status === "running" && state.progress ? (
            <span className="text-sm" role="status">
              {state.progress.done} of {state.progress.total || "?"} repositories
            </span>
          ) : null}
          {state.finishedAt ? (
            <span className="text-sm text-zinc-500">
              finished <Time value={state.finishedAt} />
            </span>
          ) : null}
        </div>
        {state.resumed ? (
          <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
            Started again from the beginning on another server: the one running it stopped before it finished.
          </p>
        ) : null}
        {state.status === "running" && state.progress?.total ? (
          <progress className="mt-2 w-full" max={state.progress.total} value={state.progress.done} aria-label="Sync progress" />
        ) : null}
        {g.configured && state.error ? (
          <p role="alert" className="mt-2 text-sm text-red-600 dark:text-red-400">
            {state.error}
          </p>
        ) : null}
        {g.configured && state.stats ? (
          <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-1 text-sm">
            {Object.entries(state.stats).map(([k, v]) => (
              <div key={k}>
                <dt className="text-zinc-600 dark:text-zinc-400">{k.replace(/([A-Z])/g, " $1").toLowerCase()}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        ) : null}
        {state.warnings?.length ? (
          <details className="mt-3 text-sm">
            <summary className="cursor-pointer">{state.warnings.length} warnings</summary>
            <ul className="mt-1 list-disc pl-5 text-xs">
              {state.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </details>
        ) : null}
        <MutationError error={sync.error} />
        <Button className="mt-4" variant="secondary" disabled={!g.configured || sync.isPending || ["queued", "running"].includes(state.status)} onClick={() => sync.mutate()}>
          <RefreshCw aria-hidden className="size-4" /> Sync now
        </Button>
      </Card>
    </div>
  );
}
