"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { Field, Input, Textarea } from "@/components/ui/field";
import { MutationError } from "@/components/ui/mutation-error";
import { ErrorState, Loading } from "@/components/ui/states";
import { Time } from "@/components/ui/time";

/** Outgoing webhooks: the SSRF allowlist, the signing secret (write-only) and the chat notification URL. */
export function WebhookSettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.integrations.webhooks.queryOptions());
  const [draft, setDraft] = useState<{ allowlist: string; notificationUrl: string; signingSecret: string } | null>(null);
  const save = useMutation(
    trpc.integrations.saveWebhooks.mutationOptions({
      onSuccess: async () => {
        setDraft(null);
        await queryClient.invalidateQueries({ queryKey: trpc.integrations.webhooks.queryKey() });
      },
    }),
  );
  if (settings.isPending) return <Loading />;
  if (settings.isError) return <ErrorState message={settings.error.message} retry={() => void settings.refetch()} />;
  const d = draft ?? { allowlist: settings.data.allowlist.join("\n"), notificationUrl: settings.data.notificationUrl, signingSecret: "" };
  return (
    <Card className="mt-4">
      <CardTitle>Webhooks and notifications</CardTitle>
      <form
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ allowlist: d.allowlist.split(/[\n,]/).map((s) => s.trim()).filter(Boolean), notificationUrl: d.notificationUrl, signingSecret: d.signingSecret || undefined });
        }}
      >
        <Field label="Signing secret" hint={settings.data.signingSecretSet ? "Set. Leave empty to keep it; receivers verify X-Portico-Signature: t=<time>,v1=<HMAC-SHA256 of “t.body”>." : "Not set: signed webhook actions fail until it is."}>
          {(p) => <Input {...p} type="password" autoComplete="new-password" value={d.signingSecret} onChange={(e) => setDraft({ ...d, signingSecret: e.target.value })} />}
        </Field>
        <Field label="Allowed private addresses" hint="One a line: host names, addresses or CIDR ranges that Portico may reach although they are loopback, link-local or private (e.g. 10.0.0.0/8): webhooks, notifications, Kubernetes API servers and GitHub Enterprise">
          {(p) => <Textarea {...p} rows={3} value={d.allowlist} onChange={(e) => setDraft({ ...d, allowlist: e.target.value })} />}
        </Field>
        <Field label="Notification webhook (Slack-compatible)" hint="Approval requests, decisions and finished runs are posted here as {text}">
          {(p) => <Input {...p} value={d.notificationUrl} placeholder="https://hooks.slack.com/services/…" onChange={(e) => setDraft({ ...d, notificationUrl: e.target.value })} />}
        </Field>
        <div className="flex items-center gap-3">
          <Button type="submit" disabled={save.isPending || !draft}>
            {save.isPending ? "Saving…" : "Save"}
          </Button>
          {settings.data.updatedAt ? (
            <span className="text-xs text-zinc-500">
              Last changed by {settings.data.updatedBy} · <Time value={settings.data.updatedAt} />
            </span>
          ) : null}
        </div>
        <MutationError error={save.error} />
      </form>
    </Card>
  );
}

/** Kubernetes clusters that kubernetes-job actions run in: API server, CA, service-account token (stored encrypted). */
export function ClusterSettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const clusters = useQuery(trpc.integrations.clusters.queryOptions());
  const empty = { name: "", server: "", caData: "", token: "", skipTlsVerify: false, kubeconfig: "", inCluster: false };
  const [draft, setDraft] = useState(empty);
  const [tested, setTested] = useState<Record<string, string>>({});
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.integrations.clusters.queryKey() });
  const put = useMutation(trpc.integrations.putCluster.mutationOptions({ onSuccess: async () => (setDraft(empty), await refresh()) }));
  const remove = useMutation(trpc.integrations.deleteCluster.mutationOptions({ onSuccess: refresh }));
  const test = useMutation(
    trpc.integrations.testCluster.mutationOptions({
      onSuccess: (r, v) => setTested((t) => ({ ...t, [v.name]: r.ok ? `Connected: Kubernetes ${r.version}` : `Failed: ${r.error}` })),
    }),
  );
  return (
    <Card className="mt-4">
      <CardTitle>Kubernetes clusters</CardTitle>
      {clusters.isPending ? (
        <Loading />
      ) : clusters.isError ? (
        <ErrorState message={clusters.error.message} retry={() => void clusters.refetch()} />
      ) : clusters.data.length === 0 ? (
        <p className="mb-3 text-sm text-zinc-500">No cluster connected yet. Environments name the cluster they run on (its workloads appear on their dashboards); Kubernetes Job actions name the cluster they run in. Portico needs read access to Deployments, StatefulSets, Pods and HorizontalPodAutoscalers in those namespaces (and to create Jobs where actions run).</p>
      ) : (
        <ul className="mb-4 space-y-2 text-sm">
          {clusters.data.map((c) => (
            <li key={c.name} className="flex flex-wrap items-center gap-2">
              <span className="font-medium">{c.name}</span>
              <code className="text-xs">{c.server}</code>
              {c.inCluster ? <span className="text-xs text-zinc-500">this cluster, with Portico&apos;s service account</span> : null}
              <Button size="sm" variant="secondary" disabled={test.isPending} onClick={() => test.mutate({ name: c.name })}>
                Test connection
              </Button>
              <Button size="sm" variant="ghost" onClick={() => setDraft({ name: c.name, server: c.inCluster ? "" : c.server, caData: c.caData, token: "", skipTlsVerify: c.skipTlsVerify, kubeconfig: "", inCluster: c.inCluster })}>
                Edit
              </Button>
              <Button size="sm" variant="ghost" disabled={remove.isPending} onClick={() => remove.mutate({ name: c.name })}>
                Remove
              </Button>
              {tested[c.name] ? <span className={tested[c.name]!.startsWith("Failed") ? "text-red-600" : "text-green-700"}>{tested[c.name]}</span> : null}
            </li>
          ))}
        </ul>
      )}
      <form
        className="grid gap-3 sm:grid-cols-2"
        onSubmit={(e) => {
          e.preventDefault();
          put.mutate({ ...draft, server: draft.server || undefined, caData: draft.caData || undefined, token: draft.token || undefined, kubeconfig: draft.kubeconfig || undefined });
        }}
      >
        <Field label="Name">{(p) => <Input {...p} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />}</Field>
        <label className="flex items-center gap-2 text-sm sm:col-span-2">
          <input type="checkbox" checked={draft.inCluster} onChange={(e) => setDraft({ ...draft, inCluster: e.target.checked })} /> This cluster: the one Portico
          runs in, with its pod&apos;s service account (nothing to enter below)
        </label>
        <fieldset disabled={draft.inCluster} className="contents">
          <Field label="API server URL">{(p) => <Input {...p} value={draft.server} placeholder="https://k8s.example.com:6443" onChange={(e) => setDraft({ ...draft, server: e.target.value })} />}</Field>
          <Field label="Bearer token" hint="A service account's token; leave empty to keep the stored one">
            {(p) => <Input {...p} type="password" autoComplete="new-password" value={draft.token} onChange={(e) => setDraft({ ...draft, token: e.target.value })} />}
          </Field>
          <Field label="CA certificate (PEM)">{(p) => <Textarea {...p} rows={2} value={draft.caData} onChange={(e) => setDraft({ ...draft, caData: e.target.value })} />}</Field>
          <Field label="Or paste a kubeconfig" hint="Its current context's server, CA data and bearer token are used; the file itself is not stored">
            {(p) => <Textarea {...p} rows={3} className="font-mono text-xs" value={draft.kubeconfig} onChange={(e) => setDraft({ ...draft, kubeconfig: e.target.value })} />}
          </Field>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={draft.skipTlsVerify} onChange={(e) => setDraft({ ...draft, skipTlsVerify: e.target.checked })} /> Skip TLS verification (not for production)
          </label>
        </fieldset>
        <div className="sm:col-span-2">
          <Button type="submit" disabled={put.isPending || !draft.name || !(draft.server || draft.kubeconfig || draft.inCluster)}>
            {put.isPending ? "Saving…" : "Save cluster"}
          </Button>
          <MutationError error={put.error ?? remove.error ?? test.error} />
        </div>
      </form>
    </Card>
  );
}
