import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A GitHub REST API server on loopback for tests: the endpoints catalog discovery uses, with
 * GitHub's JSON shapes, Link-header pagination, 401 "Bad credentials" and 404 "Not Found".
 * State is plain data the test changes (add or remove repositories and files).
 */
export type FakeRepo = { name: string; description?: string; topics?: string[]; language?: string; files?: Record<string, string>; private?: boolean };

export async function startGitHubApi(options: { token: string; org: string; repos: FakeRepo[]; pageSize?: number }) {
  const state = { repos: options.repos, requests: [] as string[] };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    state.requests.push(`${req.method} ${url.pathname}${url.search}`);
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
    send(404, { message: "Not Found", documentation_url: "https://docs.github.com/rest", status: "404" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://localhost:${port}`, state, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
