// No "server-only" marker: the run worker (a plain Node process in tests and at start) imports it too.
import type { KubeConfig } from "@kubernetes/client-node";
import type { DbOrTx } from "@/db/client";
import { githubConnection } from "../catalog/github-discovery";
import { clusterConnection } from "../environments/clusters";
import { conflict } from "../errors";
import { githubClient } from "./github";
import { gitlabClient } from "./gitlab";
import { gitlabConnection } from "./gitlab-connection";
import { kubeConfigFor, kubernetesClient } from "./kubernetes";

/**
 * The integrations' clients with their stored credentials (encrypted at rest, never sent to the browser),
 * one convention for all: `<integration>(db, …)` returns a ready client, or throws a 409 saying the
 * integration is not connected and where an admin connects it (a run that needed it fails with that
 * sentence); `…IfConnected` returns undefined instead, for what goes on without it (demo data, a skipped sync).
 */

const notConnected = (what: string) => conflict(`${what} is not connected: an admin connects it in Admin → Integrations`);

export async function githubIfConnected(db: DbOrTx) {
  const connection = await githubConnection(db);
  return connection ? githubClient(connection) : undefined;
}

/** For a target's `unavailable`: the name of what is not connected, or undefined. */
export const githubMissing = async (db: DbOrTx) => ((await githubConnection(db)) ? undefined : "GitHub");
export const gitlabMissing = async (db: DbOrTx) => ((await gitlabConnection(db)) ? undefined : "GitLab");
/** A cluster named by a template is known only once the run renders it. */
export const clusterMissing = async (db: DbOrTx, cluster: string) => (cluster.includes("{{") || (await clusterConnection(db, cluster)) ? undefined : `Cluster ${cluster}`);

export async function github(db: DbOrTx) {
  const client = await githubIfConnected(db);
  if (!client) throw notConnected("GitHub");
  return client;
}

export async function kubernetes(db: DbOrTx, cluster: string) {
  const connection = await clusterConnection(db, cluster);
  if (!connection) throw notConnected(`Cluster ${cluster}`);
  return kubernetesClient(connection);
}

/** The cluster's configuration for what watches it (the cluster sync's informers) rather than calling it once. */
export async function kubernetesConfig(db: DbOrTx, cluster: string): Promise<KubeConfig> {
  const connection = await clusterConnection(db, cluster);
  if (!connection) throw notConnected(`Cluster ${cluster}`);
  return kubeConfigFor(connection);
}

export async function gitlab(db: DbOrTx) {
  const connection = await gitlabConnection(db);
  if (!connection) throw notConnected("GitLab");
  return gitlabClient(connection);
}
