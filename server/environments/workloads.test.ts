import { readFileSync } from "node:fs";
import path from "node:path";
import type { V1Deployment, V1Pod, V2HorizontalPodAutoscaler } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { hpaFor, imageVersion, podProblems, serviceOf, summarizePod, summarizeWorkload, workloadProblems } from "./workloads";

// Fixtures are shaped exactly as `kubectl get -o json` returns them (timestamps as strings).
const fixture = <T>(name: string) => JSON.parse(readFileSync(path.join(import.meta.dirname, "../../tests/fixtures/kubernetes", `${name}.json`), "utf8")) as T;
const now = new Date("2026-11-20T10:30:00Z");

describe("pod problems", () => {
  it("finds nothing wrong with a healthy pod", () => {
    expect(podProblems(fixture<V1Pod>("pod-healthy"), now)).toEqual([]);
    expect(summarizePod(fixture<V1Pod>("pod-healthy"))).toEqual({ name: "payments-api-7d9f8c6b5d-k8m2p", phase: "Running", ready: true, restarts: 0, since: "2026-11-20T09:12:44Z", node: "ip-10-0-12-34.eu-west-1.compute.internal" });
  });

  it("explains CrashLoopBackOff with the restarts, the last exit code and where to read the logs, and nothing more", () => {
    const problems = podProblems(fixture<V1Pod>("pod-crashloop"), now);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ kind: "CrashLoopBackOff", severity: "critical", object: "Pod payments-api-7d9f8c6b5d-x2x7q", title: "Container payments-api keeps crashing" });
    expect(problems[0]!.explanation).toContain("14 times so far");
    expect(problems[0]!.explanation).toContain("exit code 1 (Error)");
    expect(problems[0]!.fix).toContain("kubectl logs payments-api-7d9f8c6b5d-x2x7q -c payments-api --previous -n payments-staging");
    expect(summarizePod(fixture<V1Pod>("pod-crashloop"))).toMatchObject({ ready: false, restarts: 14 });
  });

  it("suggests more memory when a crash loop is made of OOM kills", () => {
    const pod = fixture<V1Pod>("pod-crashloop");
    pod.status!.containerStatuses![0]!.lastState!.terminated!.reason = "OOMKilled";
    pod.status!.containerStatuses![0]!.lastState!.terminated!.exitCode = 137;
    const [problem] = podProblems(pod, now);
    expect(problem!.kind).toBe("CrashLoopBackOff");
    expect(problem!.fix).toContain("raise its memory limit (now 512Mi)");
  });

  it("explains ImagePullBackOff with the image and the registry's message", () => {
    const [problem, ...rest] = podProblems(fixture<V1Pod>("pod-imagepull"), now);
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ kind: "ImagePullBackOff", severity: "critical" });
    expect(problem!.explanation).toContain("ghcr.io/portico-demo/payments-api:1.9.0-rc1");
    expect(problem!.explanation).toContain("not found");
    expect(problem!.fix).toContain("imagePullSecrets");
  });

  it("treats ErrImagePull the same way", () => {
    const pod = fixture<V1Pod>("pod-imagepull");
    pod.status!.containerStatuses![0]!.state!.waiting!.reason = "ErrImagePull";
    expect(podProblems(pod, now).map((p) => p.kind)).toEqual(["ImagePullBackOff"]);
  });

  it("reports a container OOMKilled in its last run, with its limit", () => {
    const [problem, ...rest] = podProblems(fixture<V1Pod>("pod-oomkilled"), now);
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ kind: "OOMKilled", severity: "warning", title: "Container payments-api was killed for using too much memory" });
    expect(problem!.explanation).toContain("limit of 512Mi");
  });

  it("explains a pod the scheduler cannot place, for how long, and the scheduler's reason", () => {
    const [problem, ...rest] = podProblems(fixture<V1Pod>("pod-unschedulable"), now);
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ kind: "Unschedulable", severity: "critical" });
    expect(problem!.explanation).toContain("Pending for 30 minutes");
    expect(problem!.explanation).toContain("3 Insufficient cpu");
    expect(summarizePod(fixture<V1Pod>("pod-unschedulable"))).toMatchObject({ phase: "Pending", ready: false, restarts: 0, since: "2026-11-20T09:12:44Z" });
  });

  it("reports a running container whose readiness probe keeps failing, naming the probe, after a grace period", () => {
    const [problem, ...rest] = podProblems(fixture<V1Pod>("pod-not-ready"), now);
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ kind: "ReadinessFailing", severity: "warning" });
    expect(problem!.explanation).toContain("running for 30 minutes");
    expect(problem!.explanation).toContain("GET /healthz on port 8080");
    // A minute after start it is still warming up.
    expect(podProblems(fixture<V1Pod>("pod-not-ready"), new Date("2026-11-20T10:01:00Z"))).toEqual([]);
  });
});

describe("workloads", () => {
  it("summarizes a Deployment whose rollout is complete: version of the service's container, replicas", () => {
    const summary = summarizeWorkload("Deployment", fixture<V1Deployment>("deployment"));
    expect(summary).toEqual({
      kind: "Deployment",
      name: "payments-api",
      version: "1.8.0",
      images: ["ghcr.io/portico-demo/payments-api:1.8.0", "envoyproxy/envoy:v1.31.2"],
      desired: 3,
      ready: 3,
      updated: 3,
      available: 3,
      rollout: "complete",
      rolloutMessage: undefined,
    });
    expect(workloadProblems("Deployment", fixture<V1Deployment>("deployment"))).toEqual([]);
  });

  it("reports a rollout past its progress deadline", () => {
    const stuck = fixture<V1Deployment>("deployment-stuck");
    expect(summarizeWorkload("Deployment", stuck)).toMatchObject({ version: "1.9.0-rc1", rollout: "failed", updated: 1, desired: 3 });
    const [problem] = workloadProblems("Deployment", stuck);
    expect(problem).toMatchObject({ kind: "RolloutStuck", severity: "critical", object: "Deployment payments-api" });
    expect(problem!.explanation).toContain("has timed out progressing");
    expect(problem!.fix).toContain("kubectl rollout undo deployment/payments-api");
  });

  it("sees a rollout in progress until the new generation is observed and available", () => {
    const d = fixture<V1Deployment>("deployment");
    d.metadata!.generation = 10;
    expect(summarizeWorkload("Deployment", d).rollout).toBe("progressing");
    d.status!.observedGeneration = 10;
    d.status!.updatedReplicas = 2;
    expect(summarizeWorkload("Deployment", d).rollout).toBe("progressing");
    d.status!.updatedReplicas = 3;
    expect(summarizeWorkload("Deployment", d).rollout).toBe("complete");
  });

  it("keeps a finished rollout complete when a pod falls over later (its pods' problems tell why)", () => {
    const d = fixture<V1Deployment>("deployment");
    d.status!.readyReplicas = 2;
    d.status!.availableReplicas = 2;
    expect(summarizeWorkload("Deployment", d)).toMatchObject({ rollout: "complete", ready: 2, desired: 3 });
    // Mid-rollout Kubernetes says ReplicaSetUpdated: not complete until available.
    d.status!.conditions![1]!.reason = "ReplicaSetUpdated";
    expect(summarizeWorkload("Deployment", d).rollout).toBe("progressing");
  });

  it("reports an HPA at its maximum that wants more, and not one with headroom", () => {
    const hpa = fixture<V2HorizontalPodAutoscaler>("hpa-at-max");
    const deployment = fixture<V1Deployment>("deployment");
    expect(hpaFor("Deployment", "payments-api", [hpa])).toBe(hpa);
    expect(hpaFor("Deployment", "ledger", [hpa])).toBeUndefined();
    const [problem] = workloadProblems("Deployment", deployment, hpa);
    expect(problem).toMatchObject({ kind: "HpaAtMax", severity: "warning", title: "Autoscaler is at its maximum of 3 replicas", object: "HorizontalPodAutoscaler payments-api" });
    const roomy = fixture<V2HorizontalPodAutoscaler>("hpa-at-max");
    roomy.spec!.maxReplicas = 10;
    roomy.status!.conditions = roomy.status!.conditions!.filter((c) => c.type !== "ScalingLimited");
    expect(workloadProblems("Deployment", deployment, roomy)).toEqual([]);
  });

  it("reads the service from Portico's label or Backstage's, and versions from image references", () => {
    expect(serviceOf({ "portico.dev/service": "ledger" })).toBe("ledger");
    expect(serviceOf({ "backstage.io/kubernetes-id": "ledger" })).toBe("ledger");
    expect(serviceOf({ app: "ledger" })).toBeUndefined();
    expect(imageVersion("ghcr.io/acme/ledger:2.1.0")).toBe("2.1.0");
    expect(imageVersion("localhost:5000/ledger")).toBe("latest");
    expect(imageVersion("localhost:5000/ledger:v3")).toBe("v3");
    expect(imageVersion("ledger@sha256:9f86d081884c7d659a2feaa0c55ad015")).toBe("sha256:9f86d081884c");
  });
});
