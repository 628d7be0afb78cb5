import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { readRequestBody } from "./request-body";

/**
 * A Kubernetes API server on loopback for tests, speaking the real JSON: Job create/read/delete
 * (409 AlreadyExists as a Status object), pods listed by `job-name` label selector, pod logs as text,
 * 401 Status for a wrong bearer token, /version. Tests finish Jobs through `complete`.
 *
 * Workloads (Deployments, StatefulSets, Pods, HPAs) live in a store with a global resourceVersion:
 * lists carry it, `?watch=true` streams ADDED/MODIFIED/DELETED events after it (one JSON per line),
 * and a version older than the last `compact()` gets the ERROR event with a 410 Status a real API
 * server sends. `stop()`/`restart()` take the server away and back on the same port.
 */
type Job = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type K8sObject = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const COLLECTIONS: Record<string, { kind: string; list: string }> = {
  "apis/apps/v1/deployments": { kind: "Deployment", list: "DeploymentList" },
  "apis/apps/v1/statefulsets": { kind: "StatefulSet", list: "StatefulSetList" },
  "api/v1/pods": { kind: "Pod", list: "PodList" },
  "apis/autoscaling/v2/horizontalpodautoscalers": { kind: "HorizontalPodAutoscaler", list: "HorizontalPodAutoscalerList" },
};
const collectionOf: Record<string, string> = Object.fromEntries(Object.entries(COLLECTIONS).map(([path, c]) => [c.kind, path]));

/**
 * `tls`: serve HTTPS with this key and certificate, as a real API server does (the in-cluster connection
 * only speaks HTTPS). `state.token` is the one bearer token accepted; a test rotates it.
 */
export async function startKubernetesApi(options: { token: string; tls?: { key: string; cert: string } }) {
  const state = {
    token: options.token,
    jobs: new Map<string, Job>(),
    logs: new Map<string, string>(),
    creates: [] as string[],
    /** While set, Job creation waits until `release()` (to kill a worker mid-dispatch). */
    hold: false,
    held: [] as (() => void)[],
    /** Workload objects by `<collection>/<namespace>/<name>`. */
    objects: new Map<string, K8sObject>(),
    events: [] as { rv: number; collection: string; namespace: string; type: string; object: K8sObject }[],
    resourceVersion: 1000,
    compactedBefore: 0,
    watchers: new Set<{ collection: string; namespace: string; send: (line: string) => void }>(),
    requests: [] as string[],
  };
  const status = (code: number, reason: string, message: string) => ({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code });
  const handler = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const send = (code: number, body: unknown, type = "application/json") => {
      res.writeHead(code, { "content-type": type });
      res.end(typeof body === "string" ? body : JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${state.token}`) return send(401, status(401, "Unauthorized", "Unauthorized"));
    const raw = await readRequestBody(req);
    if (!raw) return;
    const body = raw.length ? JSON.parse(raw.toString("utf8")) : undefined;
    if (url.pathname === "/version") return send(200, { major: "1", minor: "31", gitVersion: "v1.31.2" });
    state.requests.push(`${req.method} ${url.pathname}${url.search}`);

    const collection = /^\/(api\/v1|apis\/[^/]+\/[^/]+)\/namespaces\/([^/]+)\/([a-z]+)$/.exec(url.pathname);
    const collectionKey = collection ? `${collection[1]}/${collection[3]}` : "";
    if (collection && COLLECTIONS[collectionKey] && req.method === "GET" && !(collection[3] === "pods" && url.searchParams.has("labelSelector"))) {
      const namespace = collection[2]!;
      if (url.searchParams.get("watch") === "true") {
        const from = Number(url.searchParams.get("resourceVersion") ?? "0");
        res.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked" });
        // As the API server does: the headers go at once, before any event (Node would hold them until the first write).
        res.flushHeaders();
        if (from < state.compactedBefore) {
          res.end(JSON.stringify({ type: "ERROR", object: status(410, "Expired", `too old resource version: ${from} (${state.compactedBefore})`) }) + "\n");
          return;
        }
        for (const e of state.events) if (e.rv > from && e.collection === collectionKey && e.namespace === namespace) res.write(JSON.stringify({ type: e.type, object: e.object }) + "\n");
        const watcher = { collection: collectionKey, namespace, send: (line: string) => res.write(line) };
        state.watchers.add(watcher);
        const seconds = Number(url.searchParams.get("timeoutSeconds") ?? "0");
        const timer = seconds ? setTimeout(() => res.end(), seconds * 1000) : undefined;
        res.on("close", () => {
          clearTimeout(timer);
          state.watchers.delete(watcher);
        });
        return;
      }
      const items = [...state.objects.entries()].filter(([key]) => key.startsWith(`${collectionKey}/${namespace}/`)).map(([, o]) => o);
      return send(200, { kind: COLLECTIONS[collectionKey]!.list, apiVersion: "v1", metadata: { resourceVersion: String(state.resourceVersion) }, items });
    }

    let m = /^\/apis\/batch\/v1\/namespaces\/([^/]+)\/jobs$/.exec(url.pathname);
    if (m && req.method === "POST") {
      if (state.hold) await new Promise<void>((resolve) => state.held.push(resolve));
      const name = body.metadata.name as string;
      const key = `${m[1]}/${name}`;
      state.creates.push(key);
      if (state.jobs.has(key)) return send(409, status(409, "AlreadyExists", `jobs.batch "${name}" already exists`));
      const job = { ...body, metadata: { ...body.metadata, namespace: m[1], uid: `uid-${state.jobs.size}`, creationTimestamp: new Date().toISOString() }, status: { active: 1, startTime: new Date().toISOString() } };
      state.jobs.set(key, job);
      return send(201, job);
    }
    m = /^\/apis\/batch\/v1\/namespaces\/([^/]+)\/jobs\/([^/]+)(\/status)?$/.exec(url.pathname);
    if (m) {
      const key = `${m[1]}/${m[2]}`;
      const job = state.jobs.get(key);
      if (!job) return send(404, status(404, "NotFound", `jobs.batch "${m[2]}" not found`));
      if (req.method === "DELETE") {
        state.jobs.delete(key);
        return send(200, { kind: "Status", apiVersion: "v1", status: "Success", details: { name: m[2], group: "batch", kind: "jobs" } });
      }
      return send(200, job);
    }
    m = /^\/api\/v1\/namespaces\/([^/]+)\/pods$/.exec(url.pathname);
    if (m && req.method === "GET") {
      const jobName = /job-name=([^,]+)/.exec(url.searchParams.get("labelSelector") ?? "")?.[1];
      const job = jobName ? state.jobs.get(`${m[1]}/${jobName}`) : undefined;
      const items = job
        ? [
            {
              metadata: { name: `${jobName}-abcde`, namespace: m[1], labels: { "job-name": jobName } },
              spec: { containers: job.spec.template.spec.containers.map((c: { name: string }) => ({ name: c.name })) },
              status: { phase: job.status.succeeded ? "Succeeded" : job.status.failed ? "Failed" : "Running" },
            },
          ]
        : [];
      return send(200, { kind: "PodList", apiVersion: "v1", metadata: { resourceVersion: "1" }, items });
    }
    m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/log$/.exec(url.pathname);
    if (m && req.method === "GET") {
      const jobName = m[2]!.replace(/-abcde$/, "");
      if (!state.jobs.has(`${m[1]}/${jobName}`)) return send(404, status(404, "NotFound", `pods "${m[2]}" not found`));
      return send(200, state.logs.get(`${m[1]}/${jobName}`) ?? "", "text/plain");
    }
    send(404, status(404, "NotFound", "the server could not find the requested resource"));
  };
  const server = options.tls ? https.createServer(options.tls, (req, res) => void handler(req, res)) : http.createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: options.tls ? `https://127.0.0.1:${port}` : `http://localhost:${port}`,
    port,
    state,
    log(namespace: string, job: string, text: string) {
      state.logs.set(`${namespace}/${job}`, (state.logs.get(`${namespace}/${job}`) ?? "") + text);
    },
    /** Finishes a Job as the Job controller would: counters and a Complete or Failed condition. */
    complete(namespace: string, job: string, outcome: "succeeded" | "failed") {
      const j = state.jobs.get(`${namespace}/${job}`);
      if (!j) throw new Error(`no job ${namespace}/${job}`);
      const now = new Date().toISOString();
      j.status =
        outcome === "succeeded"
          ? { succeeded: 1, startTime: j.status.startTime, completionTime: now, conditions: [{ type: "Complete", status: "True", lastTransitionTime: now }] }
          : { failed: 1, startTime: j.status.startTime, conditions: [{ type: "Failed", status: "True", reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit", lastTransitionTime: now }] };
    },
    /** Creates or replaces a workload object (as a controller or kubectl would), notifying watchers. */
    put(object: K8sObject) {
      const collectionKey = collectionOf[object.kind]!;
      const namespace = object.metadata.namespace as string;
      const key = `${collectionKey}/${namespace}/${object.metadata.name}`;
      const type = state.objects.has(key) ? "MODIFIED" : "ADDED";
      state.resourceVersion += 1;
      const stored = { ...object, metadata: { ...object.metadata, resourceVersion: String(state.resourceVersion) } };
      state.objects.set(key, stored);
      this.emit(collectionKey, namespace, type, stored);
    },
    remove(kind: string, namespace: string, name: string) {
      const collectionKey = collectionOf[kind]!;
      const key = `${collectionKey}/${namespace}/${name}`;
      const object = state.objects.get(key);
      if (!object) return;
      state.objects.delete(key);
      state.resourceVersion += 1;
      this.emit(collectionKey, namespace, "DELETED", { ...object, metadata: { ...object.metadata, resourceVersion: String(state.resourceVersion) } });
    },
    emit(collectionKey: string, namespace: string, type: string, object: K8sObject) {
      state.events.push({ rv: state.resourceVersion, collection: collectionKey, namespace, type, object });
      for (const w of state.watchers) if (w.collection === collectionKey && w.namespace === namespace) w.send(JSON.stringify({ type, object }) + "\n");
    },
    /** Forgets the event history (as etcd compaction does): watches from older versions get 410 Gone. */
    compact() {
      state.compactedBefore = state.resourceVersion;
      state.events = [];
    },
    /** Ends every open watch stream (as an API server restart or a load balancer would). */
    dropWatches() {
      for (const w of [...state.watchers]) w.send("");
      server.closeAllConnections();
    },
    /** Takes the server away (connections refused) until `restart()`. */
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    restart: () => new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve)),
    release() {
      state.hold = false;
      for (const resolve of state.held.splice(0)) resolve();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A webhook receiver on loopback that checks Portico's signature and answers as told. */
export async function startWebhookReceiver(options: { secret: string; answers?: number[]; delayMs?: number }) {
  const { createHmac } = await import("node:crypto");
  const state = { requests: [] as { headers: http.IncomingHttpHeaders; body: string; signatureValid: boolean }[], answers: [...(options.answers ?? [])] };
  const server = http.createServer(async (req, res) => {
    const raw = await readRequestBody(req);
    if (!raw) return;
    const body = raw.toString("utf8");
    const header = String(req.headers["x-portico-signature"] ?? "");
    const t = /t=(\d+)/.exec(header)?.[1];
    const v1 = /v1=([0-9a-f]+)/.exec(header)?.[1];
    const signatureValid = Boolean(t && v1 && createHmac("sha256", options.secret).update(`${t}.${body}`).digest("hex") === v1);
    state.requests.push({ headers: req.headers, body, signatureValid });
    if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
    const code = signatureValid ? (state.answers.shift() ?? 200) : 401;
    res.writeHead(code, { "content-type": "application/json" });
    res.end(JSON.stringify({ ok: code < 300 }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/hook`, state, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
