import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { parseEnv, SETTING_NAMES } from "@/server/env";
import { WRITABLE_PATHS } from "../../deploy/image/writable";

// Issue 20: the Kubernetes manifests (deploy/kubernetes), rendered by kubectl's Kustomize as an operator
// would, every object validated against the Kubernetes API schemas (kubernetes-models: the OpenAPI schemas of
// the API server, CloudNativePG's CRDs for its objects), and held to what running Portico needs.
type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; [k: string]: unknown };
type Container = {
  name: string;
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } } }[];
  envFrom?: { configMapRef?: { name: string } }[];
  securityContext?: Record<string, unknown>;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  readinessProbe?: { httpGet?: { path: string } };
  livenessProbe?: { httpGet?: { path: string } };
  startupProbe?: { httpGet?: { path: string } };
  ports?: { name: string; containerPort: number }[];
  volumeMounts?: { name: string; mountPath: string }[];
};

const ROOT = "deploy/kubernetes";
const OVERLAYS = fs.readdirSync(path.join(ROOT, "overlays"));
const render = (dir: string): Obj[] =>
  parseAllDocuments(execFileSync("kubectl", ["kustomize", dir], { encoding: "utf8" }))
    .map((d) => d.toJS() as Obj)
    .filter(Boolean);
const readYaml = (file: string): Obj[] => parseAllDocuments(fs.readFileSync(file, "utf8")).map((d) => d.toJS() as Obj);

/** The model of `apiVersion`/`kind`, whose validate() checks an object against the API's schema. */
async function modelOf(o: Obj): Promise<{ validate(): void }> {
  const [group, version] = o.apiVersion.includes("/") ? o.apiVersion.split("/") : ["", o.apiVersion];
  const file = group === "postgresql.cnpg.io" ? `@kubernetes-models/cloudnative-pg/${group}/${version}/${o.kind}` : `kubernetes-models/${group ? `${group}/` : ""}${version}/${o.kind}`;
  const Model = ((await import(/* @vite-ignore */ file)) as Record<string, new (data: unknown) => { validate(): void }>)[o.kind]!;
  return new Model(o);
}

async function problems(objects: Obj[]): Promise<string[]> {
  const out: string[] = [];
  for (const o of objects) {
    try {
      (await modelOf(o)).validate();
    } catch (error) {
      out.push(`${o.kind}/${o.metadata.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return out;
}

/** Settings that make no sense in a cluster, with why: the manifests leave them out on purpose. */
const NOT_IN_A_CLUSTER: Record<string, string> = {
  PORTICO_EMBEDDED_DATABASE_URL: "the embedded PostgreSQL is for one machine; a cluster uses DATABASE_URL",
  PORTICO_DATA_DIR: "where the embedded PostgreSQL keeps its files",
  PORTICO_WORKERS: "the launcher's processes per machine; a cluster runs one process per pod and scales with replicas",
};
const SECRET_NAME = /SECRET|TOKEN|ENCRYPTION_KEY|DATABASE_URL/;

describe.each(OVERLAYS)("the %s overlay", (overlay) => {
  const objects = render(path.join(ROOT, "overlays", overlay));
  const find = (kind: string, name?: string) => objects.filter((o) => o.kind === kind && (!name || o.metadata.name === name));
  const deployment = find("Deployment", "portico")[0] as Obj & { spec: { replicas: number; template: { metadata: { labels: Record<string, string> }; spec: Record<string, unknown> & { containers: Container[]; securityContext: Record<string, unknown> } } } };
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0]!;
  const config = (find("ConfigMap", "portico-config")[0] as Obj & { data: Record<string, string> }).data;

  it("renders objects that each validate against the Kubernetes API schemas", async () => {
    expect(objects.map((o) => o.kind)).toEqual(expect.arrayContaining(["Namespace", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "RoleBinding", "ConfigMap", "Deployment", "Service", "Ingress", "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy"]));
    expect(await problems(objects)).toEqual([]);
  });

  it("runs N replicas that start, serve and stop as Portico needs", () => {
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    expect(container.startupProbe?.httpGet?.path).toBe("/api/health/ready");
    expect(container.readinessProbe?.httpGet?.path).toBe("/api/health/ready");
    expect(container.livenessProbe?.httpGet?.path).toBe("/api/health");
    for (const route of ["app/api/health/route.ts", "app/api/health/ready/route.ts"]) expect(fs.existsSync(route), route).toBe(true);
    expect(container.resources?.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container.resources?.limits).toMatchObject({ memory: expect.any(String) });
    // Restricted: non-root, no privilege escalation, read-only root, no capabilities, the runtime's seccomp profile.
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
    expect((pod.topologySpreadConstraints as unknown[]).length).toBeGreaterThan(0);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(30);
    // What selects the pods selects these pods.
    const labels = deployment.spec.template.metadata.labels;
    const selects = (selector: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);
    expect(selects((find("Service", "portico")[0] as unknown as { spec: { selector: Record<string, string> } }).spec.selector)).toBe(true);
    expect(selects((find("PodDisruptionBudget")[0] as unknown as { spec: { selector: { matchLabels: Record<string, string> } } }).spec.selector.matchLabels)).toBe(true);
    expect((find("HorizontalPodAutoscaler")[0] as unknown as { spec: { scaleTargetRef: { name: string }; minReplicas: number } }).spec).toMatchObject({ scaleTargetRef: { name: "portico" }, minReplicas: deployment.spec.replicas });
  });

  it("runs the image as the Dockerfile builds it: its user, its port, writable only where it writes", () => {
    const dockerfile = fs.readFileSync("Dockerfile", "utf8");
    const [, uid, gid] = /^USER (\d+):(\d+)$/m.exec(dockerfile) ?? [];
    expect(pod.securityContext).toMatchObject({ runAsUser: Number(uid), runAsGroup: Number(gid) });
    const port = /^EXPOSE (\d+)$/m.exec(dockerfile)?.[1];
    expect(container.ports?.[0]?.containerPort).toBe(Number(port));
    expect(container.env?.find((e) => e.name === "PORT")?.value).toBe(port);
    const mounts = (container.volumeMounts ?? []).map((m) => m.mountPath);
    expect(mounts.sort()).toEqual([...WRITABLE_PATHS].sort());
    expect(/^WORKDIR \/app$/m.test(dockerfile.split(/^FROM /m).at(-1)!)).toBe(true);
  });

  it("carries every setting of Portico from a ConfigMap or a Secret reference, never a literal secret", () => {
    const env = container.env ?? [];
    const fromSecret = new Map(env.filter((e) => e.valueFrom?.secretKeyRef).map((e) => [e.name, e.valueFrom!.secretKeyRef!]));
    const literal = new Map(env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value!]));
    expect(container.envFrom).toEqual([{ configMapRef: { name: "portico-config" } }]);
    const missing = SETTING_NAMES.filter((name) => !(name in config) && !fromSecret.has(name) && !literal.has(name) && !(name in NOT_IN_A_CLUSTER));
    expect(missing).toEqual([]);
    // Secrets only by reference; and no Secret with data is part of what is applied.
    const leaked = [...Object.keys(config), ...literal.keys()].filter((name) => SECRET_NAME.test(name));
    expect(leaked).toEqual([]);
    expect(find("Secret").filter((s) => (s as { type?: string }).type !== "kubernetes.io/service-account-token" || "data" in s || "stringData" in s)).toEqual([]);
    // With the secrets filled in, the ConfigMap and the literals are a valid Portico configuration.
    const required = [...fromSecret].filter(([, ref]) => !ref.optional).map(([name]) => name);
    const secrets = Object.fromEntries(required.map((name) => [name, name === "DATABASE_URL" ? "postgres://portico:x@db:5432/portico" : name === "PORTICO_STATIC_TOKENS" ? "ci:admin:a-static-token-of-32-characters" : `${name.toLowerCase()}-placeholder-of-forty-characters`]));
    const parsed = parseEnv({ ...config, ...Object.fromEntries(literal), ...secrets });
    expect(parsed.NODE_ENV).toBe("production");
    expect(parsed.PORTICO_DEMO_DATA).toBe(false);
  });

  it("gives the ServiceAccount read access to workloads and Jobs only where actions run", () => {
    type Rule = { apiGroups: string[]; resources: string[]; verbs: string[] };
    const rules = (name: string) => (find("ClusterRole", name)[0] as unknown as { rules: Rule[] }).rules;
    const writes = rules("portico-read-workloads").flatMap((r) => r.verbs.filter((v) => !["get", "list", "watch"].includes(v)));
    expect(writes).toEqual([]);
    expect(rules("portico-run-jobs").find((r) => r.resources.includes("jobs"))!.verbs).toEqual(expect.arrayContaining(["create", "delete"]));
    // Creating Jobs is bound in the actions' namespace only, never cluster-wide.
    const bindings = find("ClusterRoleBinding").map((b) => (b as unknown as { roleRef: { name: string } }).roleRef.name);
    expect(bindings).not.toContain("portico-run-jobs");
    expect(find("RoleBinding", "portico-run-jobs")[0]!.metadata.namespace).toBe("portico-jobs");
    expect(find("NetworkPolicy")).toHaveLength(1);
  });
});

describe("the overlays' databases, and the examples", () => {
  it("cloudnative-pg runs a replicated PostgreSQL with backups to object storage, and Portico reads its URL from the operator's Secret", () => {
    const objects = render(path.join(ROOT, "overlays", "cloudnative-pg"));
    const cluster = objects.find((o) => o.kind === "Cluster") as Obj & { spec: { instances: number; backup: { barmanObjectStore: { destinationPath: string } } } };
    expect(cluster.spec.instances).toBeGreaterThanOrEqual(3);
    expect(cluster.spec.backup.barmanObjectStore.destinationPath).toMatch(/^s3:\/\//);
    expect(objects.find((o) => o.kind === "ScheduledBackup")).toMatchObject({ spec: { cluster: { name: cluster.metadata.name } } });
    const env = ((objects.find((o) => o.kind === "Deployment") as unknown as { spec: { template: { spec: { containers: Container[] } } } }).spec.template.spec.containers[0]!.env ?? []).find((e) => e.name === "DATABASE_URL");
    expect(env?.valueFrom?.secretKeyRef).toEqual({ name: `${cluster.metadata.name}-app`, key: "uri" });
  });

  it("the example Secrets validate and are the ones the manifests reference", async () => {
    const examples = fs.readdirSync(path.join(ROOT, "examples")).flatMap((f) => readYaml(path.join(ROOT, "examples", f)));
    expect(await problems(examples)).toEqual([]);
    expect(examples.map((e) => e.metadata.name).sort()).toEqual(["portico-backup-s3", "portico-database", "portico-secrets"]);
  });

  it("the validation is real: a value of the wrong type is refused", async () => {
    const deployment = render(path.join(ROOT, "overlays", "external-database")).find((o) => o.kind === "Deployment")!;
    expect(await problems([{ ...deployment, spec: { ...(deployment.spec as object), replicas: "three" } }])).toHaveLength(1);
    const cluster = readYaml(path.join(ROOT, "overlays", "cloudnative-pg", "cluster.yaml"))[0]!;
    expect(await problems([{ ...cluster, spec: { ...(cluster.spec as object), instances: "x" } }])).toHaveLength(1);
  });
});
