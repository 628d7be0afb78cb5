import type { V1Job } from "@kubernetes/client-node";
import type { Invocation } from "../definition";
import { clusterMissing, kubernetes } from "../../integrations/credentials";
import { jobOutcome, kubernetesErrorMessage, kubernetesStatusCode } from "../../integrations/kubernetes";
import type { Target } from "./target";

type KubernetesJob = Extract<Invocation, { type: "kubernetes-job" }>;
type Payload = { cluster: string; namespace: string; job: V1Job };
/** The Job, and the pod log lines already copied, per pod/container. */
type State = { kubernetesJob?: { cluster: string; namespace: string; name: string }; logCursor?: Record<string, number> };

/** Kubernetes names: lowercase alphanumerics and dashes. The run id makes the Job's name, so a repeat create is refused by the cluster. */
export function jobName(runId: string): string {
  return `portico-run-${runId.replace(/-/g, "").slice(0, 32)}`;
}

/** A Job from the action's template in a connected cluster, with the run's id, URL and token in its containers' environment. */
export const kubernetesJob: Target<KubernetesJob, Payload, State> = {
  type: "kubernetes-job",
  source: "kubernetes",
  unavailable: (db, invocation) => clusterMissing(db, invocation.cluster),
  render(invocation, { action, callback }) {
    const template = invocation.jobTemplate as V1Job;
    const name = jobName(callback.id);
    const env = [
      { name: "PORTICO_RUN_ID", value: callback.id },
      { name: "PORTICO_RUN_URL", value: callback.apiUrl },
      { name: "PORTICO_RUN_TOKEN", value: callback.token ?? "" },
    ];
    const spec = template.spec ?? { template: { spec: { containers: [] } } };
    const podSpec = spec.template?.spec ?? { containers: [] };
    const job: V1Job = {
      apiVersion: "batch/v1",
      kind: "Job",
      ...template,
      metadata: {
        ...template.metadata,
        name,
        namespace: invocation.namespace,
        labels: { ...template.metadata?.labels, "app.kubernetes.io/managed-by": "portico", "portico.dev/run-id": callback.id, "portico.dev/action": action.identifier },
      },
      spec: {
        backoffLimit: 0,
        ...spec,
        template: {
          ...spec.template,
          spec: { restartPolicy: "Never", ...podSpec, containers: (podSpec.containers ?? []).map((ct) => ({ ...ct, env: [...(ct.env ?? []), ...env] })) },
        },
      },
    };
    return { target: `cluster ${invocation.cluster}, namespace ${invocation.namespace}, Job ${name}`, payload: { cluster: invocation.cluster, namespace: invocation.namespace, job } };
  },
  async dispatch(ctx, _run, { cluster, namespace, job }) {
    const k8s = await kubernetes(ctx.db, cluster);
    const external = { kubernetesJob: { cluster, namespace, name: job.metadata!.name! } };
    try {
      await k8s.createJob(namespace, job);
      return { status: "IN_PROGRESS", external, follow: true, logs: [{ source: "kubernetes", message: `Created Job ${namespace}/${job.metadata!.name}` }] };
    } catch (error) {
      if (kubernetesStatusCode(error) !== 409) throw new Error(kubernetesErrorMessage(error));
      // The Job's name is the run's: it exists because an earlier attempt created it.
      return { status: "IN_PROGRESS", external, follow: true, logs: [{ source: "kubernetes", message: `Job ${namespace}/${job.metadata!.name} already exists for this run; adopted it` }] };
    }
  },
  async follow(ctx, _run, _invocation, state) {
    const external = { ...state };
    if (!external.kubernetesJob) return { status: "IN_PROGRESS", logs: [] };
    const { cluster, namespace, name } = external.kubernetesJob;
    const k8s = await kubernetes(ctx.db, cluster);
    const job = await k8s.readJob(namespace, name);
    const outcome = jobOutcome(job);
    const logs: { source: string; message: string }[] = [];
    const cursor = { ...external.logCursor };
    for (const pod of await k8s.jobPods(namespace, name)) {
      const podName = pod.metadata?.name;
      if (!podName || pod.status?.phase === "Pending") continue;
      for (const container of pod.spec?.containers ?? []) {
        const key = `${podName}/${container.name}`;
        const text = await k8s.podLog(namespace, podName, container.name).catch(() => "");
        const lines = text.split("\n").filter((l, i, all) => l !== "" || i < all.length - 1);
        for (const line of lines.slice(cursor[key] ?? 0)) logs.push({ source: "kubernetes", message: `[${podName}] ${line}` });
        cursor[key] = lines.length;
      }
    }
    external.logCursor = cursor;
    const state2 = outcome.state === "running" ? `active ${job.status?.active ?? 0}` : outcome.state;
    if (external.lastStatus !== state2) logs.push({ source: "kubernetes", message: `Job ${namespace}/${name}: ${state2}${outcome.reason ? ` (${outcome.reason})` : ""}` });
    external.lastStatus = state2;
    if (outcome.state === "running") return { status: "IN_PROGRESS", statusLabel: `Kubernetes: ${state2}`, external, logs, follow: true };
    return { status: outcome.state === "succeeded" ? "SUCCESS" : "FAILURE", statusLabel: null, summary: outcome.state === "succeeded" ? `Job ${name} completed` : `Job ${name} failed: ${outcome.reason}`, external, logs };
  },
  async cancel(db, _run, _invocation, state) {
    if (!state.kubernetesJob) return "";
    const { cluster, namespace, name } = state.kubernetesJob;
    await (await kubernetes(db, cluster)).deleteJob(namespace, name);
    return `deleted Job ${namespace}/${name}`;
  },
  describeError: kubernetesErrorMessage,
};
