import { BatchV1Api, CoreV1Api, KubeConfig, VersionApi, type V1Job, type V1Pod } from "@kubernetes/client-node";

/** How Portico reaches one cluster: the API server, its CA (PEM) and a service-account bearer token. */
export type ClusterConnection = { name: string; server: string; caData?: string; token: string; skipTlsVerify?: boolean };

/** The message a Kubernetes error carries (its Status object), or the error's own. */
export function kubernetesErrorMessage(error: unknown): string {
  const e = error as { code?: number; body?: unknown; message?: string };
  let body = e.body;
  if (typeof body === "string") {
    try {
      body = JSON.parse(body);
    } catch {
      // plain text body
    }
  }
  const status = body as { message?: string; reason?: string } | undefined;
  if (status?.message) return `${status.message}${e.code ? ` (HTTP ${e.code})` : ""}`;
  // The generated client's ApiException: "HTTP-Code: 401\nMessage: Unauthorized\nBody: …\nHeaders: …".
  const api = /^HTTP-Code: (\d+)\nMessage: (.*)/.exec(e.message ?? "");
  if (api) return `${api[2]} (HTTP ${api[1]})`;
  // undici says "fetch failed" or "terminated"; the reason (ECONNREFUSED, a certificate error) is its cause.
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code || cause?.message) return `${e.message}: ${cause.code ?? cause.message}`;
  return e.message ?? String(error);
}

export function kubernetesStatusCode(error: unknown): number | undefined {
  return (error as { code?: number }).code;
}

/** A KubeConfig for one connection (loadFromOptions: nothing read from disk or the environment). */
export function kubeConfigFor(connection: ClusterConnection): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: connection.name,
        server: connection.server,
        ...(connection.caData ? { caData: Buffer.from(connection.caData).toString("base64") } : {}),
        skipTLSVerify: Boolean(connection.skipTlsVerify),
      },
    ],
    users: [{ name: "portico", token: connection.token }],
    contexts: [{ name: connection.name, cluster: connection.name, user: "portico" }],
    currentContext: connection.name,
  });
  return kc;
}

/** A thin typed client over @kubernetes/client-node for what runs and environments need. */
export function kubernetesClient(connection: ClusterConnection) {
  const kc = kubeConfigFor(connection);
  const batch = kc.makeApiClient(BatchV1Api);
  const core = kc.makeApiClient(CoreV1Api);
  return {
    async version() {
      return kc.makeApiClient(VersionApi).getCode();
    },
    createJob(namespace: string, body: V1Job) {
      return batch.createNamespacedJob({ namespace, body });
    },
    readJob(namespace: string, name: string) {
      return batch.readNamespacedJobStatus({ namespace, name });
    },
    deleteJob(namespace: string, name: string) {
      return batch.deleteNamespacedJob({ namespace, name, propagationPolicy: "Background" });
    },
    async jobPods(namespace: string, jobName: string): Promise<V1Pod[]> {
      const list = await core.listNamespacedPod({ namespace, labelSelector: `job-name=${jobName}` });
      return list.items;
    },
    podLog(namespace: string, name: string, container?: string) {
      return core.readNamespacedPodLog({ namespace, name, container, tailLines: 5_000 });
    },
  };
}
export type KubernetesClient = ReturnType<typeof kubernetesClient>;

/** A Job's outcome from its status: the Complete/Failed conditions, else its counters. */
export function jobOutcome(job: V1Job): { state: "running" | "succeeded" | "failed"; reason?: string } {
  const conditions = job.status?.conditions ?? [];
  const failed = conditions.find((c) => c.type === "Failed" && c.status === "True");
  if (failed) return { state: "failed", reason: [failed.reason, failed.message].filter(Boolean).join(": ") || "the Job failed" };
  if (conditions.some((c) => (c.type === "Complete" || c.type === "SuccessCriteriaMet") && c.status === "True")) return { state: "succeeded" };
  return { state: "running" };
}
