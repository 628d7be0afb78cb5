import type { Metadata } from "next";
import Link from "next/link";
import { ClusterBadge } from "@/components/environments/cluster-status";
import { Badge, toneOf } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/states";
import { Time } from "@/components/ui/time";
import { serverCaller } from "@/components/trpc/server";

export const metadata: Metadata = { title: "Environments" };

const typeColors: Record<string, string> = { development: "blue", staging: "yellow", production: "red", preview: "purple" };

/** Every environment: its cluster's state, how many services run there, how many are in trouble. */
export default async function EnvironmentsPage() {
  const caller = await serverCaller();
  const [environments, me] = await Promise.all([caller.environments.overview(), caller.me.get()]);
  const notConnected = [...new Set(environments.filter((e) => e.clusterStatus?.status === "not-connected").map((e) => e.cluster!))];
  return (
    <>
      <PageHeader
        title="Environments"
        description={
          <>
            Where your software runs, read from each cluster by a background sync. DORA metrics are on{" "}
            <Link className="underline" href="/delivery">
              Delivery
            </Link>
            .
          </>
        }
      />
      {notConnected.length ? (
        <p role="status" className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-200">
          Not connected: {notConnected.join(", ")}. Environments on these clusters show demo data or nothing.{" "}
          {me.role === "admin" ? (
            <Link className="underline" href="/admin/integrations">
              Connect a cluster
            </Link>
          ) : (
            "An admin connects clusters in Admin → Integrations."
          )}
        </p>
      ) : null}
      {environments.length === 0 ? (
        <EmptyState title="No environments yet">Environments are entities of the built-in Environment blueprint: a type, a cluster and a namespace.</EmptyState>
      ) : (
        <ul className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
          {environments.map((e) => (
            <li key={e.identifier}>
              <Card className="h-full">
                <div className="flex items-start justify-between gap-2">
                  <div>
                    <h2 className="text-base font-semibold">
                      <Link className="hover:underline" href={`/environments/${encodeURIComponent(e.identifier)}`}>
                        {e.title ?? e.identifier}
                      </Link>
                    </h2>
                    <p className="font-mono text-xs text-zinc-500">
                      {e.cluster ?? "—"} / {e.namespace ?? "—"}
                    </p>
                  </div>
                  <div className="flex flex-col items-end gap-1">
                    {e.type ? <Badge tone={toneOf(typeColors[e.type])}>{e.type}</Badge> : null}
                    <ClusterBadge status={e.clusterStatus} />
                  </div>
                </div>
                <dl className="mt-3 grid grid-cols-3 gap-2 text-sm">
                  <div>
                    <dt className="text-zinc-500">Services</dt>
                    <dd className="text-lg font-semibold">{e.services}</dd>
                  </div>
                  <div>
                    <dt className="text-zinc-500">Healthy</dt>
                    <dd className="text-lg font-semibold text-green-700 dark:text-green-400">{e.healthy}</dd>
                  </div>
                  <div>
                    <dt className="text-zinc-500">Problems</dt>
                    <dd className="text-lg font-semibold">
                      <span className={e.critical ? "text-red-600" : undefined}>{e.critical}</span>
                      <span className="text-sm font-normal text-zinc-500"> critical · {e.warnings} warnings</span>
                    </dd>
                  </div>
                </dl>
                <p className="mt-2 flex flex-wrap gap-x-2 text-xs text-zinc-500">
                  {e.demo ? <span>Demo data</span> : null}
                  {e.clusterStatus?.lastSyncedAt ? (
                    <span>
                      Last synced <Time value={e.clusterStatus.lastSyncedAt} />
                    </span>
                  ) : e.clusterStatus?.connected ? (
                    <span>Not synced yet</span>
                  ) : null}
                  {e.expiresAt ? (
                    <span>
                      Expires <Time value={e.expiresAt} />
                    </span>
                  ) : null}
                </p>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
