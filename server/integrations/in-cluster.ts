import fs from "node:fs";
import path from "node:path";
import type { ClusterConnection } from "./kubernetes";

/**
 * The cluster Portico's own pod runs in, reached with the pod's service account (the Deployment's
 * ServiceAccount, whose RBAC is all it may do): the API server from the variables the kubelet sets, the
 * token and CA from the files it mounts. The token is read at each use, as the kubelet rotates it.
 * Undefined when no token is mounted (automountServiceAccountToken: false) or the files cannot be read.
 */
export function inClusterConnection(name: string, where: { server: string; serviceAccountDir: string }): ClusterConnection | undefined {
  const read = (file: string) => {
    try {
      return fs.readFileSync(path.join(where.serviceAccountDir, file), "utf8").trim() || undefined;
    } catch {
      return undefined;
    }
  };
  const token = read("token");
  if (!token) return undefined;
  return { name, server: where.server, caData: read("ca.crt"), token, skipTlsVerify: false };
}
