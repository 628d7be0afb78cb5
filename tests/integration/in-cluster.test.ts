import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, clusterObjects, integrations } from "@/db/schema";
import type { UserActor } from "@/server/context";
import { clusterConnection, putCluster, testCluster } from "@/server/environments/clusters";
import { ClusterSync } from "@/server/environments/sync";
import { createTestDatabase, makeUser, serviceContext } from "../support/db";
import { startKubernetesApi } from "../support/kubernetes-api";

// Issue 20: Portico in a pod reaches the cluster it runs in with the pod's service account ("this cluster" in
// Admin → Integrations): the API server from the variables the kubelet sets, the token and CA from the files
// it mounts. Here the API server is the loopback one over HTTPS with a certificate made for it, and the
// "mounted" directory is a temporary one (PORTICO_SERVICE_ACCOUNT_DIR).
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portico-sa-"));
const key = path.join(dir, "server.key");
const cert = path.join(dir, "server.crt");
execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=kubernetes", "-addext", "subjectAltName=IP:127.0.0.1"], { stdio: "ignore" });
const account = path.join(dir, "serviceaccount");
fs.mkdirSync(account);
fs.copyFileSync(cert, path.join(account, "ca.crt"));
fs.writeFileSync(path.join(account, "token"), "pod-token-1\n");
const k8s = await startKubernetesApi({ token: "pod-token-1", tls: { key: fs.readFileSync(key, "utf8"), cert: fs.readFileSync(cert, "utf8") } });
k8s.put(JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "../fixtures/kubernetes/deployment.json"), "utf8")));

process.env.KUBERNETES_SERVICE_HOST = "127.0.0.1";
process.env.KUBERNETES_SERVICE_PORT = String(k8s.port);
process.env.PORTICO_SERVICE_ACCOUNT_DIR = account;
const { db, url } = await createTestDatabase();
process.env.PORTICO_EMBEDDED_DATABASE_URL = url;
process.env.PORTICO_ENCRYPTION_KEY = "test-encryption-key-0123456789abcdef";

let admin: UserActor;
let member: UserActor;
beforeAll(async () => {
  admin = await makeUser(db, "admin@example.com", "admin");
  member = await makeUser(db, "member@example.com", "member");
});
afterAll(async () => {
  await k8s.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("this cluster, with the pod's service account", () => {
  it("is connected with nothing to enter, and stores nothing but the choice (audited)", async () => {
    const saved = await putCluster({ ctx: serviceContext(db, admin), input: { name: "here", inCluster: true } });
    expect(saved).toMatchObject({ name: "here", inCluster: true, server: `https://127.0.0.1:${k8s.port}`, tokenSet: true, skipTlsVerify: false });
    const [row] = await db.select().from(integrations).where(eq(integrations.id, "kubernetes:here"));
    expect(row!.secretEncrypted).toBeNull();
    const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "cluster.create"), eq(auditEvents.resourceId, "here")));
    expect(event).toBeDefined();
    // Over TLS, verified with the mounted CA, with the mounted token.
    await expect(testCluster({ ctx: serviceContext(db, admin), input: { name: "here" } })).resolves.toEqual({ ok: true, version: "v1.31.2" });
    await expect(putCluster({ ctx: serviceContext(db, member), input: { name: "here", inCluster: true } })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("reads the token at each use, as the kubelet rotates it", async () => {
    k8s.state.token = "pod-token-2";
    expect((await testCluster({ ctx: serviceContext(db, admin), input: { name: "here" } })).ok).toBe(false);
    fs.writeFileSync(path.join(account, "token"), "pod-token-2\n");
    expect(await testCluster({ ctx: serviceContext(db, admin), input: { name: "here" } })).toEqual({ ok: true, version: "v1.31.2" });
  });

  it("lists and watches the cluster's workloads with it", async () => {
    const connection = await clusterConnection(db, "here");
    expect(connection).toMatchObject({ server: `https://127.0.0.1:${k8s.port}`, token: "pod-token-2" });
    const sync = new ClusterSync(db, connection!, [{ environment: "staging", type: "staging", cluster: "here", namespace: "payments-staging" }]).start();
    try {
      const deadline = Date.now() + 15_000;
      let names: string[] = [];
      while (Date.now() < deadline && !names.includes("payments-api")) {
        names = (await db.select().from(clusterObjects).where(eq(clusterObjects.cluster, "here"))).map((o) => o.name);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(names).toContain("payments-api");
    } finally {
      await sync.stop();
    }
  });

  it("is refused, saying why, when no service account token is mounted", async () => {
    fs.renameSync(path.join(account, "token"), path.join(account, "token.away"));
    try {
      await expect(putCluster({ ctx: serviceContext(db, admin), input: { name: "elsewhere", inCluster: true } })).rejects.toMatchObject({
        details: [{ path: "/inCluster", message: expect.stringContaining("automountServiceAccountToken: true") }],
      });
      expect(await db.select().from(integrations).where(eq(integrations.id, "kubernetes:elsewhere"))).toEqual([]);
      // A connected "this cluster" has no connection while the token is missing: its syncs and Jobs say it is not connected.
      expect(await clusterConnection(db, "here")).toBeUndefined();
    } finally {
      fs.renameSync(path.join(account, "token.away"), path.join(account, "token"));
    }
  });
});
