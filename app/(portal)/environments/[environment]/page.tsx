import type { Metadata } from "next";
import Link from "next/link";
import { EntityLink } from "@/components/catalog/entity-link";
import { ClusterBadge, ClusterBanner } from "@/components/environments/cluster-status";
import { AutoRefresh } from "@/components/environments/auto-refresh";
import { RefreshEnvironment } from "@/components/environments/refresh-button";
import { ServiceHealthCard } from "@/components/environments/service-health";
import { PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/states";
import { serverCaller } from "@/components/trpc/server";

type Params = { environment: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: `Environment ${(await params).environment}` };
}

/** One environment: each service's version, replicas, rollout, pods and detected problems. */
export default async function EnvironmentPage({ params }: { params: Promise<Params> }) {
  const { environment } = await params;
  const caller = await serverCaller();
  const dashboard = await caller.environments.get({ environment });
  const me = await caller.me.get();
  const env = dashboard.environment;
  const demo = dashboard.services.some((s) => s.demo);
  const problems = dashboard.services.reduce((n, s) => n + s.problems.length, 0);
  return (
    <>
      <PageHeader
        title={env.title ?? env.identifier}
        description={
          <>
            <Link className="underline" href="/environments">
              Environments
            </Link>{" "}
            · {env.type ?? "environment"} · <span className="font-mono">{env.cluster ?? "—"}/{env.namespace ?? "—"}</span> · <EntityLink blueprint="environment" identifier={env.identifier} title="catalog entry" />
          </>
        }
        actions={
          <>
            <ClusterBadge status={dashboard.clusterStatus} />
            {dashboard.clusterStatus?.connected ? <RefreshEnvironment environment={env.identifier} /> : null}
          </>
        }
      />
      {dashboard.clusterStatus?.connected ? <AutoRefresh /> : null}
      <div className="mb-4">
        <ClusterBanner status={dashboard.clusterStatus} demo={demo} isAdmin={me.role === "admin"} />
      </div>
      {dashboard.services.length === 0 ? (
        <EmptyState title="No services found here">
          Portico shows the Deployments, StatefulSets and pods of namespace {env.namespace ?? "—"} labelled <code className="font-mono">portico.dev/service=&lt;service&gt;</code> (or Backstage&apos;s{" "}
          <code className="font-mono">backstage.io/kubernetes-id</code>).
        </EmptyState>
      ) : (
        <>
          <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">
            {dashboard.services.length} service{dashboard.services.length === 1 ? "" : "s"} · {problems ? `${problems} problem${problems === 1 ? "" : "s"}, worst first` : "no problems detected"}
          </p>
          <div className="space-y-4">
            {dashboard.services.map((s) => (
              <ServiceHealthCard key={s.service} health={s} title={s.title} inCatalog={s.inCatalog} at={dashboard.generatedAt} />
            ))}
          </div>
        </>
      )}
    </>
  );
}
