import http from "node:http";
import type { AddressInfo } from "node:net";
import { readRequestBody } from "./request-body";

/**
 * A GitLab REST API (v4) server on loopback for tests: the Pipelines and Jobs endpoints a pipeline action uses,
 * with GitLab's JSON shapes, `PRIVATE-TOKEN` authentication ("401 Unauthorized"), projects addressed by id or
 * URL-encoded path ("404 Project Not Found"), an unknown ref refused as GitLab does (400, "Reference not found"),
 * offset pagination with Link headers, job logs as text/plain with GitLab's ANSI colours and section markers.
 * State is plain data the test moves along (a job's status, its log).
 */
export type FakeGitLabJob = { id: number; name: string; stage: string; status: string; log: string; failure_reason?: string };
export type FakeGitLabPipeline = {
  id: number;
  iid: number;
  project_id: number;
  ref: string;
  status: string;
  source: string;
  variables: { key: string; value: string; variable_type: string }[];
  jobs: FakeGitLabJob[];
  created_at: string;
  updated_at: string;
};
export type FakeGitLabProject = { id: number; path: string; refs: string[]; jobs: { name: string; stage: string }[] };

const TERMINAL = new Set(["success", "failed", "canceled", "skipped"]);

export async function startGitLabApi(options: { token: string; projects: FakeGitLabProject[] }) {
  const state = { projects: options.projects, pipelines: [] as FakeGitLabPipeline[], requests: [] as string[] };
  let nextPipeline = 900;
  let nextJob = 7000;
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    state.requests.push(`${req.method} ${url.pathname}${url.search}`);
    const received = await readRequestBody(req);
    if (!received) return;
    const raw = received.toString("utf8");
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.headers["private-token"] !== options.token) return send(401, { message: "401 Unauthorized" });
    const base = `http://localhost:${(server.address() as AddressInfo).port}`;
    // GitLab decodes the :id segment: "group%2Fproject" or a number.
    const match = /^\/api\/v4\/projects\/([^/]+)(\/.*)$/.exec(url.pathname);
    if (url.pathname === "/api/v4/user" && req.method === "GET") return send(200, { id: 1, username: "portico-bot", name: "Portico", state: "active" });
    if (!match) return send(404, { error: "404 Not Found" });
    const key = decodeURIComponent(match[1]!);
    const project = state.projects.find((p) => String(p.id) === key || p.path === key);
    if (!project) return send(404, { message: "404 Project Not Found" });
    const rest = match[2]!;
    const webUrl = `https://gitlab.example.com/${project.path}`;
    const pipelineJson = (p: FakeGitLabPipeline) => ({
      id: p.id,
      iid: p.iid,
      project_id: p.project_id,
      sha: "a91957a858320c0e17f3a0eca7cfacbff50ea29a",
      ref: p.ref,
      status: p.status,
      source: p.source,
      created_at: p.created_at,
      updated_at: p.updated_at,
      web_url: `${webUrl}/-/pipelines/${p.id}`,
      before_sha: "0000000000000000000000000000000000000000",
      tag: false,
      yaml_errors: null,
      user: { id: 1, username: "portico-bot", name: "Portico", state: "active" },
      started_at: p.status === "created" ? null : p.created_at,
      finished_at: TERMINAL.has(p.status) ? p.updated_at : null,
      committed_at: null,
      duration: null,
      queued_duration: null,
      coverage: null,
      detailed_status: { icon: `status_${p.status}`, text: p.status, label: p.status, group: p.status, tooltip: p.status, has_details: true, details_path: `/${project.path}/-/pipelines/${p.id}`, favicon: "" },
    });
    const jobJson = (p: FakeGitLabPipeline, j: FakeGitLabJob) => ({
      id: j.id,
      name: j.name,
      stage: j.stage,
      status: j.status,
      ref: p.ref,
      tag: false,
      allow_failure: false,
      created_at: p.created_at,
      started_at: j.status === "created" || j.status === "pending" ? null : p.created_at,
      finished_at: TERMINAL.has(j.status) ? p.updated_at : null,
      failure_reason: j.failure_reason,
      web_url: `${webUrl}/-/jobs/${j.id}`,
      pipeline: { id: p.id, project_id: p.project_id, ref: p.ref, sha: "a91957a858320c0e17f3a0eca7cfacbff50ea29a", status: p.status },
      artifacts: [],
      runner: null,
    });
    /** GitLab's offset pagination: page/per_page, X-* headers and a Link header with rel="next". */
    const sendPage = (items: unknown[]) => {
      const perPage = Math.min(Number(url.searchParams.get("per_page") ?? 20) || 20, 100);
      const page = Math.max(Number(url.searchParams.get("page") ?? 1) || 1, 1);
      const totalPages = Math.max(Math.ceil(items.length / perPage), 1);
      const headers: Record<string, string> = { "x-page": String(page), "x-per-page": String(perPage), "x-total": String(items.length), "x-total-pages": String(totalPages), "x-next-page": page < totalPages ? String(page + 1) : "" };
      if (page < totalPages) {
        const next = new URL(url.pathname + url.search, base);
        next.searchParams.set("page", String(page + 1));
        headers.link = `<${next.toString()}>; rel="next"`;
      }
      send(200, items.slice((page - 1) * perPage, page * perPage), headers);
    };
    const pipelineMatch = /^\/pipelines\/(\d+)(\/[a-z]+)?$/.exec(rest);
    const pipeline = pipelineMatch ? state.pipelines.find((p) => p.id === Number(pipelineMatch[1]) && p.project_id === project.id) : undefined;
    if (pipelineMatch && !pipeline) return send(404, { message: "404 Not found" });

    if (rest === "/pipeline" && req.method === "POST") {
      const body = (raw ? JSON.parse(raw) : {}) as { ref?: string; variables?: { key: string; value: string; variable_type?: string }[] };
      if (!body.ref) return send(400, { error: "ref is missing" });
      if (!project.refs.includes(body.ref)) return send(400, { message: { base: ["Reference not found"] } });
      const now = new Date().toISOString();
      const id = nextPipeline++;
      const created: FakeGitLabPipeline = {
        id,
        iid: id - 899,
        project_id: project.id,
        ref: body.ref,
        status: "created",
        source: "api",
        variables: (body.variables ?? []).map((v) => ({ key: v.key, value: v.value, variable_type: v.variable_type ?? "env_var" })),
        jobs: project.jobs.map((j) => ({ id: nextJob++, name: j.name, stage: j.stage, status: "created", log: "" })),
        created_at: now,
        updated_at: now,
      };
      state.pipelines.push(created);
      return send(201, pipelineJson(created));
    }
    if (rest === "/pipelines" && req.method === "GET") {
      const ref = url.searchParams.get("ref");
      const after = url.searchParams.get("updated_after");
      const list = state.pipelines
        .filter((p) => p.project_id === project.id && (!ref || p.ref === ref) && (!after || p.updated_at > after))
        .sort((a, b) => (url.searchParams.get("sort") === "asc" ? a.id - b.id : b.id - a.id));
      return sendPage(list.map((p) => ({ id: p.id, iid: p.iid, project_id: p.project_id, sha: "a91957a858320c0e17f3a0eca7cfacbff50ea29a", ref: p.ref, status: p.status, source: p.source, created_at: p.created_at, updated_at: p.updated_at, web_url: `${webUrl}/-/pipelines/${p.id}` })));
    }
    if (pipeline && !pipelineMatch![2] && req.method === "GET") return send(200, pipelineJson(pipeline));
    if (pipeline && pipelineMatch![2] === "/variables" && req.method === "GET") return send(200, pipeline.variables);
    if (pipeline && pipelineMatch![2] === "/jobs" && req.method === "GET") return sendPage(pipeline.jobs.map((j) => jobJson(pipeline, j)));
    if (pipeline && pipelineMatch![2] === "/cancel" && req.method === "POST") {
      for (const j of pipeline.jobs) if (!TERMINAL.has(j.status)) j.status = "canceled";
      if (!TERMINAL.has(pipeline.status)) pipeline.status = "canceled";
      pipeline.updated_at = new Date().toISOString();
      return send(200, pipelineJson(pipeline));
    }
    const trace = /^\/jobs\/(\d+)\/trace$/.exec(rest);
    if (trace && req.method === "GET") {
      const job = state.pipelines.filter((p) => p.project_id === project.id).flatMap((p) => p.jobs).find((j) => j.id === Number(trace[1]));
      if (!job) return send(404, { message: "404 Not found" });
      res.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
      return res.end(job.log);
    }
    send(404, { error: "404 Not Found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}`,
    state,
    /** Moves a pipeline and its jobs along, as GitLab's runners would. */
    set(pipelineId: number, status: string, jobs: Record<string, { status: string; log?: string; failure_reason?: string }> = {}) {
      const p = state.pipelines.find((x) => x.id === pipelineId)!;
      p.status = status;
      p.updated_at = new Date().toISOString();
      for (const j of p.jobs) {
        const change = jobs[j.name];
        if (change) Object.assign(j, change);
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
