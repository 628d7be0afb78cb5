"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { MutationError } from "@/components/ui/mutation-error";
import { ErrorState, Loading } from "@/components/ui/states";
import { Time } from "@/components/ui/time";

/** Admin → Integrations → GitLab: the instance and token that GitLab pipeline actions use. */
export function GitLabIntegration() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const gitlab = useQuery(trpc.integrations.gitlab.queryOptions());
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.integrations.gitlab.queryKey() });
  const save = useMutation(trpc.integrations.saveGitlab.mutationOptions({ onSuccess: () => (setToken(""), test.reset(), invalidate()) }));
  const test = useMutation(trpc.integrations.testGitlab.mutationOptions());
  const [url, setUrl] = useState<string | null>(null);
  const [token, setToken] = useState("");

  if (gitlab.isPending) return <Loading label="Loading the GitLab integration…" />;
  if (gitlab.isError) return <ErrorState message={gitlab.error.message} retry={() => void gitlab.refetch()} />;
  const g = gitlab.data;
  const fieldErrors = (save.error?.data as { details?: { path: string; message: string }[] } | undefined)?.details ?? [];
  const errorFor = (p: string) => fieldErrors.find((d) => d.path === p)?.message;

  return (
    <Card className="mt-4">
      <CardTitle>GitLab</CardTitle>
      <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">
        For actions that run a GitLab CI/CD pipeline (invocation type <code>gitlab-pipeline</code>): Portico creates the pipeline, follows it and its jobs&apos; logs, and
        cancels it when the run is cancelled.
      </p>
      <form
        className="grid gap-3 md:grid-cols-2"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ url: url ?? g.url, token: token || undefined });
        }}
      >
        <Field label="GitLab URL" hint="https://gitlab.com, or your instance's address" error={errorFor("/url")}>
          {(p) => <Input {...p} required type="url" value={url ?? g.url} onChange={(e) => setUrl(e.target.value)} placeholder="https://gitlab.com" />}
        </Field>
        <Field
          label="Access token"
          hint={g.tokenSet ? "A token is stored (encrypted). Leave empty to keep it." : "A personal, group or project access token with the api scope."}
          error={errorFor("/token")}
        >
          {(p) => <Input {...p} type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} />}
        </Field>
        <div className="flex flex-wrap items-center gap-3 md:col-span-2">
          <Button type="submit" disabled={save.isPending}>
            {save.isPending ? "Saving…" : "Save"}
          </Button>
          <Button type="button" variant="secondary" disabled={!g.configured || test.isPending} onClick={() => test.mutate()}>
            {test.isPending ? "Testing…" : "Test connection"}
          </Button>
          {save.isSuccess ? (
            <span role="status" className="text-sm text-green-700 dark:text-green-400">
              Saved.
            </span>
          ) : null}
          {test.data ? (
            <span role="status" className={`text-sm ${test.data.ok ? "text-green-700 dark:text-green-400" : "text-red-600 dark:text-red-400"}`}>
              {test.data.ok ? `Connected as ${test.data.username}` : `Failed: ${test.data.error}`}
            </span>
          ) : null}
          {g.updatedAt ? (
            <span className="text-sm text-zinc-500">
              saved by {g.updatedBy} <Time value={g.updatedAt} />
            </span>
          ) : null}
        </div>
        <div className="md:col-span-2">
          <MutationError error={fieldErrors.length ? null : (save.error ?? test.error)} />
        </div>
      </form>
    </Card>
  );
}
