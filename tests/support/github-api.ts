import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { readRequestBody } from "./request-body";

/**
 * A GitHub REST API server on loopback for tests: the endpoints catalog discovery uses, with
 * GitHub's JSON shapes, Link-header pagination, 401 "Bad credentials" and 404 "Not Found".
 * State is plain data the test changes (add or remove repositories and files).
 */
export type FakeRepo = { name: string; description?: string; topics?: string[]; language?: string; files?: Record<string, string | Buffer>; private?: boolean };

/** Git's object id of a blob: what GitHub's tree and blob endpoints name a file's content by. */
export const gitBlobSha = (content: string | Buffer) => {
  const bytes = Buffer.from(content);
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
};

/** A workflow run as GitHub lists it; tests move `status` and `conclusion` along. */
export type FakeWorkflowRun = {
  id: number;
  name: string;
  display_title: string;
  event: "workflow_dispatch" | "push" | "pull_request";
  status: "queued" | "in_progress" | "completed";
  conclusion: string | null;
  workflow: string;
  repo: string;
  inputs: Record<string, string>;
  created_at: string;
  jobs: { id: number; name: string; status: string; conclusion: string | null }[];
  cancelled?: boolean;
  head_branch?: string;
  head_sha?: string;
  actor?: string;
  run_attempt?: number;
};

export async function startGitHubApi(options: { token: string; org: string; repos: FakeRepo[]; pageSize?: number; delayMs?: number }) {
  // `delayMs`: each answer waits this long (a slow GitHub, so a sync is still running when a test needs it to be).
  const state = { delayMs: options.delayMs ?? 0, repos: options.repos, requests: [] as string[], workflowRuns: [] as FakeWorkflowRun[], dispatches: [] as { workflow: string; ref: string; inputs: Record<string, string> }[] };
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    state.requests.push(`${req.method} ${url.pathname}${url.search}`);
    if (state.delayMs) await new Promise((r) => setTimeout(r, state.delayMs));
    const raw = await readRequestBody(req);
    if (!raw) return;
    const body = raw.length ? (JSON.parse(raw.toString("utf8")) as Record<string, unknown>) : {};
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json; charset=utf-8", "x-github-api-version-selected": "2022-11-28", ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `token ${options.token}` && req.headers.authorization !== `Bearer ${options.token}`) {
      return send(401, { message: "Bad credentials", documentation_url: "https://docs.github.com/rest", status: "401" });
    }
    const base = `http://localhost:${(server.address() as AddressInfo).port}`;
    const repoJson = (r: FakeRepo, i: number) => ({
      id: 1000 + i,
      node_id: `R_${i}`,
      name: r.name,
      full_name: `${options.org}/${r.name}`,
      private: Boolean(r.private),
      visibility: r.private ? "private" : "public",
      owner: { login: options.org, id: 1, type: "Organization" },
      html_url: `https://github.com/${options.org}/${r.name}`,
      description: r.description ?? null,
      fork: false,
      url: `${base}/repos/${options.org}/${r.name}`,
      default_branch: "main",
      topics: r.topics ?? [],
      language: r.language ?? null,
      archived: false,
      disabled: false,
    });
    let m = /^\/orgs\/([^/]+)\/repos$/.exec(url.pathname);
    if (m && req.method === "GET") {
      if (m[1] !== options.org) return send(404, { message: "Not Found", documentation_url: "https://docs.github.com/rest/repos/repos#list-organization-repositories", status: "404" });
      const perPage = Math.min(Number(url.searchParams.get("per_page") ?? 30), options.pageSize ?? 100);
      const page = Number(url.searchParams.get("page") ?? 1);
      const items = state.repos.map(repoJson).slice((page - 1) * perPage, page * perPage);
      const last = Math.max(1, Math.ceil(state.repos.length / perPage));
      const link = (p: number, rel: string) => `<${base}/orgs/${options.org}/repos?per_page=${perPage}&type=all&page=${p}>; rel="${rel}"`;
      const links = [page < last ? link(page + 1, "next") : null, page < last ? link(last, "last") : null].filter(Boolean);
      return send(200, items, links.length ? { link: links.join(", ") } : {});
    }
    m = /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/.exec(url.pathname);
    if (m && req.method === "GET") {
      const repo = state.repos.find((r) => r.name === m![2] && m![1] === options.org);
      const path = decodeURIComponent(m[3]!);
      const file = repo?.files?.[path];
      if (!repo || file === undefined) return send(404, { message: "Not Found", documentation_url: "https://docs.github.com/rest/repos/contents#get-repository-content", status: "404" });
      return send(200, {
        type: "file",
        encoding: "base64",
        size: Buffer.byteLength(file),
        name: path.split("/").pop(),
        path,
        content: Buffer.from(file).toString("base64").replace(/(.{60})/g, "$1\n"),
        sha: "0".repeat(40),
        url: `${base}${url.pathname}`,
      });
    }
    // The Git database: a branch's whole tree in one answer (`recursive=1`), and a blob by its id.
    m = /^\/repos\/([^/]+)\/([^/]+)\/git\/trees\/(.+)$/.exec(url.pathname);
    if (m && req.method === "GET") {
      const repo = state.repos.find((r) => r.name === m![2] && m![1] === options.org);
      if (!repo || decodeURIComponent(m[3]!) !== "main") return send(404, { message: "Not Found", documentation_url: "https://docs.github.com/rest/git/trees#get-a-tree", status: "404" });
      const files = Object.entries(repo.files ?? {}).sort(([a], [b]) => a.localeCompare(b));
      const folders = [...new Set(files.flatMap(([path]) => path.split("/").slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join("/"))))];
      const tree = [
        ...folders.map((path) => ({ path, mode: "040000", type: "tree", sha: gitBlobSha(`tree:${path}:${files.filter(([f]) => f.startsWith(`${path}/`)).map(([f, c]) => f + gitBlobSha(c)).join()}`), url: `${base}/repos/${options.org}/${repo.name}/git/trees/${path}` })),
        ...files.map(([path, content]) => ({ path, mode: "100644", type: "blob", sha: gitBlobSha(content), size: Buffer.byteLength(content), url: `${base}/repos/${options.org}/${repo.name}/git/blobs/${gitBlobSha(content)}` })),
      ].sort((a, b) => a.path.localeCompare(b.path));
      const sha = gitBlobSha(`root:${tree.map((t) => t.sha).join()}`);
      return send(200, { sha, url: `${base}${url.pathname}`, tree: url.searchParams.get("recursive") ? tree : tree.filter((t) => !t.path.includes("/")), truncated: false });
    }
    m = /^\/repos\/([^/]+)\/([^/]+)\/git\/blobs\/([0-9a-f]{40})$/.exec(url.pathname);
    if (m && req.method === "GET") {
      const repo = state.repos.find((r) => r.name === m![2] && m![1] === options.org);
      const content = Object.values(repo?.files ?? {}).find((c) => gitBlobSha(c) === m![3]);
      if (content === undefined) return send(404, { message: "Not Found", documentation_url: "https://docs.github.com/rest/git/blobs#get-a-blob", status: "404" });
      const bytes = Buffer.from(content);
      return send(200, { sha: m[3], node_id: `B_${m[3]}`, size: bytes.length, url: `${base}${url.pathname}`, content: bytes.toString("base64").replace(/(.{60})/g, "$1\n"), encoding: "base64" });
    }
    const runJson = (r: FakeWorkflowRun) => ({
      id: r.id,
      name: r.name,
      display_title: r.display_title,
      event: r.event,
      status: r.status,
      conclusion: r.conclusion,
      head_branch: r.head_branch ?? "main",
      head_sha: r.head_sha ?? "0".repeat(40),
      run_attempt: r.run_attempt ?? 1,
      run_started_at: r.created_at,
      actor: { login: r.actor ?? "octocat", id: 1, type: "User" },
      triggering_actor: { login: r.actor ?? "octocat", id: 1, type: "User" },
      html_url: `https://github.com/${options.org}/${r.repo}/actions/runs/${r.id}`,
      url: `${base}/repos/${options.org}/${r.repo}/actions/runs/${r.id}`,
      created_at: r.created_at,
      updated_at: r.created_at,
    });
    const notFound = () => send(404, { message: "Not Found", documentation_url: "https://docs.github.com/rest", status: "404" });
    // workflow_dispatch, as a workflow with `run-name: Deploy ${{ inputs.portico_run_id }}` would name its run.
    m = /^\/repos\/([^/]+)\/([^/]+)\/actions\/workflows\/([^/]+)\/dispatches$/.exec(url.pathname);
    if (m && req.method === "POST") {
      if (!state.repos.some((r) => r.name === m![2])) return notFound();
      const inputs = (body.inputs ?? {}) as Record<string, string>;
      state.dispatches.push({ workflow: m[3]!, ref: String(body.ref), inputs });
      state.workflowRuns.push({
        id: 5000 + state.workflowRuns.length,
        name: "Deploy",
        display_title: `Deploy ${inputs.portico_run_id ?? ""}`,
        event: "workflow_dispatch",
        status: "queued",
        conclusion: null,
        workflow: m[3]!,
        repo: m[2]!,
        inputs,
        created_at: new Date().toISOString(),
        jobs: [],
      });
      res.writeHead(204).end();
      return;
    }
    m = /^\/repos\/([^/]+)\/([^/]+)\/actions\/workflows\/([^/]+)\/runs$/.exec(url.pathname);
    if (m && req.method === "GET") {
      const list = state.workflowRuns.filter((r) => r.repo === m![2] && r.workflow === m![3]).reverse();
      return send(200, { total_count: list.length, workflow_runs: list.map(runJson) });
    }
    m = /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs$/.exec(url.pathname);
    if (m && req.method === "GET") {
      if (!state.repos.some((r) => r.name === m![2])) return notFound();
      const perPage = Number(url.searchParams.get("per_page") ?? "30");
      const list = state.workflowRuns.filter((r) => r.repo === m![2]).reverse();
      return send(200, { total_count: list.length, workflow_runs: list.slice(0, perPage).map(runJson) });
    }
    m = /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)(\/jobs|\/cancel|\/rerun)?$/.exec(url.pathname);
    if (m) {
      const run = state.workflowRuns.find((r) => r.id === Number(m![3]) && r.repo === m![2]);
      if (!run) return notFound();
      if (m[4] === "/rerun" && req.method === "POST") {
        if (run.status !== "completed") return send(403, { message: "This workflow is already running", documentation_url: "https://docs.github.com/rest", status: "403" });
        run.status = "queued";
        run.conclusion = null;
        run.run_attempt = (run.run_attempt ?? 1) + 1;
        return send(201, {});
      }
      if (m[4] === "/cancel" && req.method === "POST") {
        run.cancelled = true;
        run.status = "completed";
        run.conclusion = "cancelled";
        return send(202, {});
      }
      if (m[4] === "/jobs") return send(200, { total_count: run.jobs.length, jobs: run.jobs.map((j) => ({ ...j, run_id: run.id, html_url: `https://github.com/x/${j.id}` })) });
      return send(200, runJson(run));
    }
    m = /^\/repos\/([^/]+)\/([^/]+)\/generate$/.exec(url.pathname);
    if (m && req.method === "POST") {
      const template = state.repos.find((r) => r.name === m![2]);
      if (!template) return notFound();
      if (state.repos.some((r) => r.name === body.name)) {
        return send(422, { message: "Repository creation failed.", errors: [{ resource: "Repository", code: "custom", field: "name", message: "name already exists on this account" }], status: "422" });
      }
      const repo: FakeRepo = { name: String(body.name), description: body.description as string, private: Boolean(body.private), files: { ...template.files } };
      state.repos.push(repo);
      return send(201, repoJson(repo, state.repos.length - 1));
    }
    m = /^\/repos\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (m && req.method === "GET") {
      const i = state.repos.findIndex((r) => r.name === m![2]);
      return i < 0 ? notFound() : send(200, repoJson(state.repos[i]!, i));
    }
    m = /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/.exec(url.pathname);
    if (m && req.method === "PUT") {
      const repo = state.repos.find((r) => r.name === m![2]);
      if (!repo) return notFound();
      const path = decodeURIComponent(m[3]!);
      const existed = repo.files?.[path] !== undefined;
      repo.files = { ...repo.files, [path]: Buffer.from(String(body.content), "base64").toString("utf8") };
      return send(existed ? 200 : 201, { content: { name: path, path, sha: "1".repeat(40) }, commit: { sha: "2".repeat(40), message: body.message } });
    }
    notFound();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://localhost:${port}`, state, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
