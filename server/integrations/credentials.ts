// No "server-only" marker: the run worker (a plain Node process in tests and at start) imports it too.
import type { DbOrTx } from "@/db/client";
import { githubConnection } from "../catalog/github-discovery";
import { clusterConnection } from "../environments/clusters";
import { githubClient } from "./github";
import { kubernetesClient } from "./kubernetes";

/**
 * The integrations' clients with their stored credentials (encrypted at rest, never sent to the browser),
 * one convention for all: `<integration>(db, …)` returns a ready client, or throws saying the integration is
 * not connected and where an admin connects it.
 */

export class NotConnectedError extends Error {}

export async function github(db: DbOrTx) {
  const connection = await githubConnection(db);
  if (!connection) throw new NotConnectedError("GitHub is not connected: an admin sets the token in Admin → Integrations");
  return githubClient(connection);
}

export async function kubernetes(db: DbOrTx, cluster: string) {
  const connection = await clusterConnection(db, cluster);
  if (!connection) throw new NotConnectedError(`Kubernetes cluster ${cluster} is not connected: an admin adds it in Admin → Integrations`);
  return kubernetesClient(connection);
}
