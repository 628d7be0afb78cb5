import { ciRuns, clusterObjects, deployments } from "@/db/schema";
import type { ServiceContext } from "../context";

/**
 * Demo delivery data, so environment dashboards, delivery tabs and DORA charts show something before
 * a cluster or GitHub is connected: 180 days of deployments (a 90-day window has one to compare with), what runs in each demo environment
 * (marked `source: "demo"`, replaced by a cluster's real objects once it is connected) and CI runs.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A small deterministic generator, so every fresh start shows the same story. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const SERVICES = [
  { id: "payments-api", every: 3, failRate: 0.1, replicas: 3 },
  { id: "ledger", every: 6, failRate: 0.05, replicas: 2 },
  { id: "fraud-scoring", every: 4, failRate: 0.2, replicas: 2 },
  { id: "payouts", every: 9, failRate: 0.05, replicas: 2 },
  { id: "checkout-web", every: 2, failRate: 0.08, replicas: 4 },
  { id: "cart-service", every: 5, failRate: 0.1, replicas: 2 },
];

const ENVIRONMENTS = [
  { id: "dev", type: "development", cluster: "dev-eu-1", namespace: "dev", lead: 2 * DAY, replicas: 1 },
  { id: "staging", type: "staging", cluster: "stg-eu-1", namespace: "staging", lead: DAY, replicas: 2 },
  { id: "production", type: "production", cluster: "prod-eu-1", namespace: "prod", lead: 0, replicas: 0 },
] as const;

type DeploymentInsert = typeof deployments.$inferInsert;

function demoDeployments(now: number) {
  const rows: DeploymentInsert[] = [];
  const current = new Map<string, string>();
  SERVICES.forEach((svc, index) => {
    const rand = random(index + 7);
    let minor = 4 + index;
    let patch = 0;
    let good = "1.0.0";
    for (let t = now - 180 * DAY + index * 5 * HOUR; t < now + 2 * DAY; t += (svc.every * (0.5 + rand())) * DAY) {
      patch += 1;
      if (rand() < 0.15) {
        minor += 1;
        patch = 0;
      }
      const version = `1.${minor}.${patch}`;
      const commitAt = new Date(t - (3 + rand() * 40) * HOUR);
      for (const env of ENVIRONMENTS) {
        const startedAt = t - env.lead;
        if (startedAt > now - HOUR) continue;
        const fails = env.type === "production" && rand() < svc.failRate;
        rows.push({
          service: svc.id,
          environment: env.id,
          environmentType: env.type,
          version,
          commitSha: Math.floor(rand() * 2 ** 52).toString(16).padStart(13, "0").repeat(3).slice(0, 40),
          commitAt,
          status: fails ? "FAILURE" : "SUCCESS",
          startedAt: new Date(startedAt),
          finishedAt: new Date(startedAt + (4 + rand() * 20) * 60_000),
          source: "demo",
          actor: "ci@portico-demo",
        });
        if (!fails) current.set(`${svc.id}/${env.id}`, version);
        // Now and then a successful release is rolled back to the version before it, hours later.
        if (env.type === "production" && !fails && rand() < svc.failRate / 2) {
          const back = startedAt + (1 + rand() * 5) * HOUR;
          if (back < now - HOUR) {
            rows.push({ service: svc.id, environment: env.id, environmentType: env.type, version: good, status: "SUCCESS", startedAt: new Date(back), finishedAt: new Date(back + 5 * 60_000), source: "demo", actor: "oncall@portico-demo" });
            current.set(`${svc.id}/${env.id}`, good);
            continue;
          }
        }
        if (!fails && env.type === "production") good = version;
      }
    }
  });
  return { rows, current };
}

const iso = (t: number) => new Date(t).toISOString();

function deploymentObject(service: string, namespace: string, version: string, replicas: number, ready: number, now: number) {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: service, namespace, generation: 12, labels: { "app.kubernetes.io/name": service, "portico.dev/service": service }, creationTimestamp: iso(now - 60 * DAY) },
    spec: {
      replicas,
      selector: { matchLabels: { "app.kubernetes.io/name": service } },
      template: {
        metadata: { labels: { "app.kubernetes.io/name": service, "portico.dev/service": service } },
        spec: {
          containers: [
            {
              name: service,
              image: `ghcr.io/portico-demo/${service}:${version}`,
              ports: [{ containerPort: 8080, name: "http" }],
              readinessProbe: { httpGet: { path: "/healthz", port: 8080 } },
              resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { memory: "512Mi" } },
            },
          ],
        },
      },
    },
    status: {
      observedGeneration: 12,
      replicas,
      updatedReplicas: replicas,
      readyReplicas: ready,
      availableReplicas: ready,
      conditions: [
        { type: "Available", status: "True", reason: "MinimumReplicasAvailable", message: "Deployment has minimum availability." },
        { type: "Progressing", status: "True", reason: "NewReplicaSetAvailable", message: `ReplicaSet "${service}-6f7c9" has successfully progressed.` },
      ],
    },
  };
}

function podObject(service: string, namespace: string, version: string, i: number, now: number, trouble?: "crashloop" | "not-ready") {
  const started = now - (2 * DAY + i * HOUR);
  const image = `ghcr.io/portico-demo/${service}:${version}`;
  const suffix = ["x2x7q", "k8m2p", "r4t6y", "h3j9k"][i] ?? `p${i}`;
  const name = `${service}-6f7c9d8b5-${suffix}`;
  const readyConditions = [
    { type: "Initialized", status: "True", lastTransitionTime: iso(started) },
    { type: "Ready", status: trouble ? "False" : "True", lastTransitionTime: iso(started), ...(trouble ? { reason: "ContainersNotReady", message: `containers with unready status: [${service}]` } : {}) },
    { type: "PodScheduled", status: "True", lastTransitionTime: iso(started) },
  ];
  const containerStatus =
    trouble === "crashloop"
      ? {
          name: service,
          image,
          ready: false,
          started: false,
          restartCount: 23,
          lastState: { terminated: { exitCode: 1, reason: "Error", startedAt: iso(now - 3 * 60_000), finishedAt: iso(now - 3 * 60_000 + 1500) } },
          state: { waiting: { reason: "CrashLoopBackOff", message: `back-off 5m0s restarting failed container=${service} pod=${name}` } },
        }
      : trouble === "not-ready"
        ? { name: service, image, ready: false, started: true, restartCount: 0, lastState: {}, state: { running: { startedAt: iso(now - 40 * 60_000) } } }
        : { name: service, image, ready: true, started: true, restartCount: i === 1 ? 2 : 0, lastState: {}, state: { running: { startedAt: iso(started) } } };
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace, labels: { "app.kubernetes.io/name": service, "portico.dev/service": service }, creationTimestamp: iso(started) },
    spec: {
      nodeName: `ip-10-0-${10 + i}-${20 + i}.eu-west-1.compute.internal`,
      containers: [{ name: service, image, readinessProbe: { httpGet: { path: "/healthz", port: 8080 } }, resources: { limits: { memory: "512Mi" } } }],
    },
    status: { phase: "Running", startTime: iso(started), conditions: readyConditions, containerStatuses: [containerStatus] },
  };
}

function hpaObject(service: string, namespace: string, max: number) {
  return {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: { name: service, namespace },
    spec: { minReplicas: 2, maxReplicas: max, scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: service } },
    status: {
      currentReplicas: max,
      desiredReplicas: max,
      conditions: [{ type: "ScalingLimited", status: "True", reason: "TooManyReplicas", message: "the desired replica count is more than the maximum replica count" }],
    },
  };
}

/** Which demo pods are in trouble: a crash loop in staging, a failing readiness probe in development. */
const TROUBLE: Record<string, "crashloop" | "not-ready"> = { "staging/payments-api/0": "crashloop", "dev/fraud-scoring/0": "not-ready" };

function demoObjects(current: Map<string, string>, now: number) {
  const rows: (typeof clusterObjects.$inferInsert)[] = [];
  for (const env of ENVIRONMENTS) {
    for (const svc of SERVICES) {
      const version = current.get(`${svc.id}/${env.id}`);
      if (!version) continue;
      const replicas = env.replicas || svc.replicas;
      const base = { cluster: env.cluster, namespace: env.namespace, service: svc.id, source: "demo" as const, syncedAt: new Date(now) };
      const troubled = Array.from({ length: replicas }, (_, i) => TROUBLE[`${env.id}/${svc.id}/${i}`]);
      const ready = troubled.filter((t) => !t).length;
      rows.push({ ...base, kind: "Deployment", name: svc.id, object: deploymentObject(svc.id, env.namespace, version, replicas, ready, now) });
      troubled.forEach((trouble, i) => {
        const pod = podObject(svc.id, env.namespace, version, i, now, trouble);
        rows.push({ ...base, kind: "Pod", name: pod.metadata.name, object: pod });
      });
      // Checkout runs at its autoscaler's ceiling in production.
      if (env.id === "production" && svc.id === "checkout-web") rows.push({ ...base, service: null, kind: "HorizontalPodAutoscaler", name: svc.id, object: hpaObject(svc.id, env.namespace, replicas) });
    }
  }
  return rows;
}

function demoCiRuns(now: number) {
  const rows: (typeof ciRuns.$inferInsert)[] = [];
  SERVICES.forEach((svc, index) => {
    const rand = random(100 + index);
    for (let i = 0; i < 8; i++) {
      const startedAt = now - (i * 5 + rand() * 4) * HOUR - index * 7 * 60_000;
      const inProgress = i === 0 && index % 2 === 0;
      const failed = !inProgress && rand() < 0.2;
      const pr = rand() < 0.4;
      rows.push({
        repository: `portico-demo/${svc.id}`,
        runId: 9_000_000 + index * 100 + i,
        workflow: pr ? "Pull request checks" : "CI",
        title: pr ? `Add retries to the ${svc.id} client` : `Release ${svc.id}`,
        status: inProgress ? "in_progress" : "completed",
        conclusion: inProgress ? null : failed ? "failure" : "success",
        branch: pr ? `feat/retry-${i}` : "main",
        commitSha: Math.floor(rand() * 2 ** 52).toString(16).padStart(13, "0").repeat(3).slice(0, 40),
        actor: ["ana", "bo", "chen", "dara"][i % 4],
        event: pr ? "pull_request" : "push",
        url: `https://github.com/portico-demo/${svc.id}/actions/runs/${9_000_000 + index * 100 + i}`,
        startedAt: new Date(startedAt),
        updatedAt: new Date(startedAt + (inProgress ? 2 : 4 + rand() * 10) * 60_000),
        source: "demo",
      });
    }
  });
  return rows;
}

export async function seedDemoDelivery(ctx: ServiceContext, now = Date.now()) {
  const { rows, current } = demoDeployments(now);
  await ctx.db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 500) await tx.insert(deployments).values(rows.slice(i, i + 500));
    await tx.insert(clusterObjects).values(demoObjects(current, now)).onConflictDoNothing();
    await tx.insert(ciRuns).values(demoCiRuns(now)).onConflictDoNothing();
  });
  return { deployments: rows.length };
}
