import type { V1Deployment, V1Pod, V1StatefulSet, V2HorizontalPodAutoscaler } from "@kubernetes/client-node";

/**
 * Pure functions over Kubernetes objects as the API returns them: which service an object belongs
 * to, what version a workload runs, how its rollout stands, and what is wrong with it in plain
 * language with a suggested fix. Dashboards call them on the rows the sync stored.
 */

export const SERVICE_LABELS = ["portico.dev/service", "backstage.io/kubernetes-id"] as const;

export type Workload = V1Deployment | V1StatefulSet;

export type ProblemKind =
  | "CrashLoopBackOff"
  | "ImagePullBackOff"
  | "OOMKilled"
  | "Unschedulable"
  | "ReadinessFailing"
  | "HpaAtMax"
  | "RolloutStuck";

export type Problem = {
  kind: ProblemKind;
  severity: "critical" | "warning";
  /** The object it was found on, e.g. `Pod payments-api-7d9f-x2x`. */
  object: string;
  title: string;
  explanation: string;
  fix: string;
};

/** The service an object belongs to, from Portico's label or Backstage's. */
export function serviceOf(labels: Record<string, string> | undefined): string | undefined {
  for (const key of SERVICE_LABELS) {
    const value = labels?.[key];
    if (value) return value;
  }
  return undefined;
}

/** The version an image reference names: its tag, a short digest, or "latest". */
export function imageVersion(image: string): string {
  const at = image.indexOf("@");
  if (at >= 0) return image.slice(at + 1, at + 1 + "sha256:".length + 12);
  const lastSlash = image.lastIndexOf("/");
  const colon = image.indexOf(":", lastSlash + 1);
  return colon >= 0 ? image.slice(colon + 1) : "latest";
}

/** The workload's images, container by container (init containers left out). */
export function workloadImages(workload: Workload): string[] {
  return (workload.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? "").filter(Boolean);
}

/** The workload's version: the tag of the container named after the service, else of the first container. */
export function workloadVersion(workload: Workload): string | undefined {
  const containers = workload.spec?.template?.spec?.containers ?? [];
  const service = serviceOf(workload.metadata?.labels);
  const main = containers.find((c) => c.name === service) ?? containers[0];
  return main?.image ? imageVersion(main.image) : undefined;
}

export type RolloutStatus = "complete" | "progressing" | "failed" | "paused" | "scaled-down";

export type WorkloadSummary = {
  kind: "Deployment" | "StatefulSet";
  name: string;
  version?: string;
  images: string[];
  desired: number;
  ready: number;
  updated: number;
  available: number;
  rollout: RolloutStatus;
  /** Why the rollout is where it is, when Kubernetes says. */
  rolloutMessage?: string;
};

export function summarizeWorkload(kind: "Deployment" | "StatefulSet", workload: Workload): WorkloadSummary {
  const desired = workload.spec?.replicas ?? 1;
  const status = workload.status;
  const ready = status?.readyReplicas ?? 0;
  const updated = status?.updatedReplicas ?? 0;
  const available = kind === "Deployment" ? ((status as V1Deployment["status"])?.availableReplicas ?? 0) : ready;
  const observed = (status?.observedGeneration ?? 0) >= (workload.metadata?.generation ?? 0);
  const progressing = (status as V1Deployment["status"])?.conditions?.find((c) => c.type === "Progressing");
  let rollout: RolloutStatus;
  if (kind === "Deployment" && (workload as V1Deployment).spec?.paused) rollout = "paused";
  else if (progressing?.status === "False" && progressing.reason === "ProgressDeadlineExceeded") rollout = "failed";
  else if (desired === 0) rollout = "scaled-down";
  // Complete when every replica runs the new template: available, or once available (Kubernetes says so
  // with NewReplicaSetAvailable) and since fallen over, which the pods' problems then explain.
  else if (observed && updated >= desired && (status?.replicas ?? 0) <= desired && (available >= desired || progressing?.reason === "NewReplicaSetAvailable")) rollout = "complete";
  else rollout = "progressing";
  return {
    kind,
    name: workload.metadata?.name ?? "",
    version: workloadVersion(workload),
    images: workloadImages(workload),
    desired,
    ready,
    updated,
    available,
    rollout,
    rolloutMessage: rollout === "failed" || rollout === "progressing" ? progressing?.message : undefined,
  };
}

export type PodSummary = {
  name: string;
  phase: string;
  ready: boolean;
  restarts: number;
  /** When the pod started (or was created, if it has not started). */
  since?: string;
  node?: string;
};

export function summarizePod(pod: V1Pod): PodSummary {
  const statuses = pod.status?.containerStatuses ?? [];
  return {
    name: pod.metadata?.name ?? "",
    phase: pod.status?.phase ?? "Unknown",
    ready: statuses.length > 0 && statuses.every((s) => s.ready),
    restarts: statuses.reduce((n, s) => n + (s.restartCount ?? 0), 0),
    since: toIso(pod.status?.startTime ?? pod.metadata?.creationTimestamp),
    node: pod.spec?.nodeName,
  };
}

function toIso(value: Date | string | undefined): string | undefined {
  if (!value) return undefined;
  return value instanceof Date ? value.toISOString() : value;
}

function minutesSince(value: Date | string | undefined, now: Date): number {
  if (!value) return 0;
  return Math.floor((now.getTime() - new Date(value).getTime()) / 60_000);
}

/** How long ago, in words, for explanations ("12 minutes", "3 hours"). */
function duration(minutes: number): string {
  if (minutes < 1) return "less than a minute";
  if (minutes < 90) return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hours`;
  return `${Math.round(hours / 24)} days`;
}

/** A readiness probe failing for less than this is a pod still warming up, not a problem. */
const READINESS_GRACE_MINUTES = 2;

/** What is wrong with a pod, container by container; at most one problem per container. */
export function podProblems(pod: V1Pod, now = new Date()): Problem[] {
  const name = pod.metadata?.name ?? "";
  const ns = pod.metadata?.namespace ?? "default";
  const object = `Pod ${name}`;
  const problems: Problem[] = [];
  const containers = new Map((pod.spec?.containers ?? []).map((c) => [c.name, c]));
  const troubled = new Set<string>();

  for (const status of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
    const container = status.name;
    const waiting = status.state?.waiting;
    const lastTerminated = status.lastState?.terminated;
    const terminated = status.state?.terminated;
    const before = problems.length;
    if (waiting?.reason === "ImagePullBackOff" || waiting?.reason === "ErrImagePull") {
      problems.push({
        kind: "ImagePullBackOff",
        severity: "critical",
        object,
        title: `Image cannot be pulled for container ${container}`,
        explanation: `Kubernetes cannot pull the image ${status.image} for container ${container}, so the container never starts.${waiting.message ? ` The registry said: ${waiting.message}` : ""}`,
        fix: "Check that the image name and tag exist in the registry (a typo or a tag that was never pushed is the usual cause), and that the namespace's imagePullSecrets give access to a private registry.",
      });
    } else if (waiting?.reason === "CrashLoopBackOff") {
      const oom = lastTerminated?.reason === "OOMKilled";
      const exit = lastTerminated ? ` Its last run ended with exit code ${lastTerminated.exitCode}${lastTerminated.reason ? ` (${lastTerminated.reason})` : ""}.` : "";
      problems.push({
        kind: "CrashLoopBackOff",
        severity: "critical",
        object,
        title: `Container ${container} keeps crashing`,
        explanation: `Container ${container} starts and then exits, ${status.restartCount} times so far; Kubernetes now waits longer and longer before restarting it (CrashLoopBackOff).${exit}`,
        fix: oom
          ? `It runs out of memory: raise its memory limit (now ${containers.get(container)?.resources?.limits?.memory ?? "unset"}) or find what uses the memory.`
          : `Read the logs of the crashed run (kubectl logs ${name} -c ${container} --previous -n ${ns}); a missing environment variable or secret, a wrong command, or a failing connection at start-up are the usual causes.`,
      });
    } else if (lastTerminated?.reason === "OOMKilled" || terminated?.reason === "OOMKilled") {
      const limit = containers.get(container)?.resources?.limits?.memory;
      problems.push({
        kind: "OOMKilled",
        severity: "warning",
        object,
        title: `Container ${container} was killed for using too much memory`,
        explanation: `Container ${container} used more memory than its limit${limit ? ` of ${limit}` : ""} and the kernel killed it (OOMKilled); it has restarted ${status.restartCount} times.`,
        fix: "Raise the container's memory limit (and request) to what it really needs at peak, or find the leak or the unbounded cache that makes it grow.",
      });
    }
    if (problems.length > before) troubled.add(container);
  }

  const scheduled = pod.status?.conditions?.find((c) => c.type === "PodScheduled");
  if (pod.status?.phase === "Pending" && scheduled?.status === "False" && scheduled.reason === "Unschedulable") {
    problems.push({
      kind: "Unschedulable",
      severity: "critical",
      object,
      title: "Pod cannot be scheduled on any node",
      explanation: `No node can take this pod, so it has been Pending for ${duration(minutesSince(scheduled.lastTransitionTime, now))}.${scheduled.message ? ` The scheduler said: ${scheduled.message}` : ""}`,
      fix: "Lower the pod's CPU or memory requests, add nodes (or let the cluster autoscaler), or relax the node selector, affinity or the taints it does not tolerate, whichever the scheduler's message names.",
    });
  }

  const readyCondition = pod.status?.conditions?.find((c) => c.type === "Ready");
  if (pod.status?.phase === "Running" && readyCondition?.status === "False") {
    for (const status of pod.status?.containerStatuses ?? []) {
      const running = status.state?.running;
      if (!running || status.ready || troubled.has(status.name)) continue;
      const minutes = minutesSince(running.startedAt, now);
      if (minutes < READINESS_GRACE_MINUTES) continue;
      const probe = containers.get(status.name)?.readinessProbe;
      const target = probe?.httpGet ? `GET ${probe.httpGet.path ?? "/"} on port ${probe.httpGet.port}` : probe?.tcpSocket ? `a TCP connection to port ${probe.tcpSocket.port}` : probe?.exec ? "its exec command" : "its probe";
      problems.push({
        kind: "ReadinessFailing",
        severity: "warning",
        object,
        title: `Container ${status.name} is running but not ready`,
        explanation: `Container ${status.name} has been running for ${duration(minutes)} but its readiness probe (${target}) keeps failing, so it gets no traffic.`,
        fix: "Check that the probe's path and port match what the application serves, and that what the health check depends on (a database, a downstream service) is reachable; raise initialDelaySeconds if the application is only slow to start.",
      });
    }
  }
  return problems;
}

/** What is wrong with a workload as a whole: a stuck rollout, an autoscaler at its ceiling. */
export function workloadProblems(kind: "Deployment" | "StatefulSet", workload: Workload, hpa?: V2HorizontalPodAutoscaler): Problem[] {
  const problems: Problem[] = [];
  const name = workload.metadata?.name ?? "";
  const summary = summarizeWorkload(kind, workload);
  if (summary.rollout === "failed") {
    problems.push({
      kind: "RolloutStuck",
      severity: "critical",
      object: `${kind} ${name}`,
      title: "The rollout has stopped making progress",
      explanation: `The new version ${summary.version ?? ""} did not become available within the progress deadline: ${summary.updated} of ${summary.desired} replicas are updated and ${summary.available} available.${summary.rolloutMessage ? ` Kubernetes said: ${summary.rolloutMessage}` : ""}`,
      fix: `Look at the new pods' problems below; once the cause is fixed, roll out again, or roll back with kubectl rollout undo ${kind.toLowerCase()}/${name}.`,
    });
  }
  if (hpa) {
    const max = hpa.spec?.maxReplicas ?? 0;
    const current = hpa.status?.currentReplicas ?? 0;
    const desired = hpa.status?.desiredReplicas ?? 0;
    const limited = hpa.status?.conditions?.find((c) => c.type === "ScalingLimited" && c.status === "True" && c.reason === "TooManyReplicas");
    if (max > 0 && current >= max && (desired >= max || limited)) {
      problems.push({
        kind: "HpaAtMax",
        severity: "warning",
        object: `HorizontalPodAutoscaler ${hpa.metadata?.name ?? ""}`,
        title: `Autoscaler is at its maximum of ${max} replicas`,
        explanation: `The autoscaler runs ${current} replicas, its maximum, and would add more if it could: the load is more than the service was sized for, and latency or errors may follow.`,
        fix: `Raise maxReplicas if the cluster has room, make each replica handle more (CPU or memory requests, efficiency), or find where the extra load comes from.`,
      });
    }
  }
  return problems;
}

/** The autoscaler that scales a workload, if any. */
export function hpaFor(kind: string, name: string, hpas: V2HorizontalPodAutoscaler[]): V2HorizontalPodAutoscaler | undefined {
  return hpas.find((h) => h.spec?.scaleTargetRef?.kind === kind && h.spec.scaleTargetRef.name === name);
}
