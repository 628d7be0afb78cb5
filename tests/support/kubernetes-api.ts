import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A Kubernetes API server on loopback for tests, speaking the real JSON: Job create/read/delete
 * (409 AlreadyExists as a Status object), pods listed by `job-name` label selector, pod logs as text,
 * 401 Status for a wrong bearer token, /version. Tests finish Jobs through `complete`.
 */
type Job = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function startKubernetesApi(options: { token: string }) {
  const state = {
    jobs: new Map<string, Job>(),
    logs: new Map<string, string>(),
    creates: [] as string[],
    /** While set, Job creation waits until `release()` (to kill a worker mid-dispatch). */
    hold: false,
    held: [] as (() => void)[],
  };
  const status = (code: number, reason: string, message: string) => ({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code });
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const send = (code: number, body: unknown, type = "application/json") => {
      res.writeHead(code, { "content-type": type });
      res.end(typeof body === "string" ? body : JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${options.token}`) return send(401, status(401, "Unauthorized", "Unauthorized"));
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : undefined;
    if (url.pathname === "/version") return send(200, { major: "1", minor: "31", gitVersion: "v1.31.2" });

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
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}`,
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
export async function startWebhookReceiver(options: { secret: string; answers?: number[] }) {
  const { createHmac } = await import("node:crypto");
  const state = { requests: [] as { headers: http.IncomingHttpHeaders; body: string; signatureValid: boolean }[], answers: [...(options.answers ?? [])] };
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const header = String(req.headers["x-portico-signature"] ?? "");
    const t = /t=(\d+)/.exec(header)?.[1];
    const v1 = /v1=([0-9a-f]+)/.exec(header)?.[1];
    const signatureValid = Boolean(t && v1 && createHmac("sha256", options.secret).update(`${t}.${body}`).digest("hex") === v1);
    state.requests.push({ headers: req.headers, body, signatureValid });
    const code = signatureValid ? (state.answers.shift() ?? 200) : 401;
    res.writeHead(code, { "content-type": "application/json" });
    res.end(JSON.stringify({ ok: code < 300 }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/hook`, state, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
