import Link from "next/link";
import { Badge } from "../ui/badge";
import { Time } from "../ui/time";
import type { ClusterStatus } from "@/server/environments/dashboard";

const labels: Record<ClusterStatus["status"], { text: string; tone: "green" | "yellow" | "red" | "gray" }> = {
  watching: { text: "Live", tone: "green" },
  connecting: { text: "Connecting", tone: "yellow" },
  error: { text: "Sync failing", tone: "red" },
  "not-connected": { text: "Not connected", tone: "gray" },
};

export function ClusterBadge({ status }: { status: ClusterStatus | null }) {
  if (!status) return <Badge>No cluster</Badge>;
  const l = labels[status.status];
  return (
    <Badge tone={l.tone} data-testid="cluster-status">
      {l.text}
    </Badge>
  );
}

/** Says where the page's data comes from: a live cluster (last synced), a failing sync, or demo data. */
export function ClusterBanner({ status, demo, isAdmin }: { status: ClusterStatus | null; demo: boolean; isAdmin: boolean }) {
  const connect = isAdmin ? (
    <Link className="underline" href="/admin/integrations">
      Connect it in Admin → Integrations
    </Link>
  ) : (
    "An admin connects it in Admin → Integrations"
  );
  if (!status)
    return (
      <p role="status" className="rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 text-sm dark:border-zinc-800 dark:bg-zinc-900">
        This environment names no cluster and namespace: set them on the environment entity to see its workloads.
      </p>
    );
  if (status.status === "not-connected")
    return (
      <p role="status" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-200">
        Cluster <strong>{status.name}</strong> is not connected{demo ? ", so this page shows demo data" : ""}. {connect} (API server URL, CA and a read-only service-account token, or a kubeconfig).
      </p>
    );
  return (
    <div className="space-y-2">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Cluster <strong>{status.name}</strong> · {status.lastSyncedAt ? <>last synced <Time value={status.lastSyncedAt} /></> : "not synced yet"}
      </p>
      {status.lastError ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950/40 dark:text-red-200">
          The sync is failing and retries with backoff; what is shown is the last state read. {status.lastError}
        </p>
      ) : null}
    </div>
  );
}
