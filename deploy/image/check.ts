/**
 * Starts Portico's image and checks it as a cluster would run it (issue 20, item 1):
 *
 *   npx tsx deploy/image/check.ts [image, default localhost/portico:dev]
 *
 * - its size against the budget (the unpacked file system, what a node stores);
 * - nothing to build or test with in it: no shell, npm, compiler, sources or test dependencies;
 * - started as its configuration says (user, working directory, command) with a PostgreSQL on loopback,
 *   it migrates, seeds and becomes ready; its HEALTHCHECK command passes; a person signs in through an
 *   OpenID Connect provider on loopback (as in a cluster: a real DATABASE_URL needs SSO) in Chromium, and
 *   signed-in requests answer;
 * - it wrote nothing outside /tmp and .next/cache, the two volumes the Deployment mounts, so a read-only
 *   root file system holds;
 * - SIGTERM stops it gracefully (exit 143).
 *
 * buildah runs the container (`--isolation chroot`, the host's network): there is no container runtime
 * daemon on these machines. Exits non-zero, saying why, when a check fails.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import postgres from "postgres";
import { freePort, startEmbeddedPostgres } from "../../scripts/embedded-postgres";
import { startIdp } from "../../tests/support/idp";
import { WRITABLE_PATHS } from "./writable";

const IMAGE = process.argv[2] ?? "localhost/portico:dev";
const MAX_BYTES = 250 * 1000 * 1000;
const BUILDAH = ["--storage-driver", "vfs"];
const TOKEN = randomBytes(24).toString("hex");
/** Files the container runtime itself puts in (buildah here, the kubelet in a cluster). */
const RUNTIME_FILES = ["/etc/hostname", "/etc/hosts", "/etc/resolv.conf"];
/** Paths that have no business in the final image. */
const FORBIDDEN = ["/bin/sh", "/usr/bin/env", "/usr/local/bin/npm", "/usr/local/lib/node_modules/npm", "/usr/bin/gcc", "/usr/bin/make", "/app/tests", "/app/node_modules/vitest", "/app/node_modules/@playwright", "/app/node_modules/typescript", "/app/app", "/app/server"];

function buildah(...args: string[]): string {
  const result = spawnSync("buildah", [...BUILDAH, ...args], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`buildah ${args.join(" ")}: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

function check(what: string, ok: boolean, detail = "") {
  process.stdout.write(`${ok ? "ok  " : "FAIL"} ${what}${detail ? `: ${detail}` : ""}\n`);
  if (!ok) process.exitCode = 1;
}

function du(dir: string): number {
  let total = 0;
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile()) total += fs.lstatSync(p).size;
    }
  };
  walk(dir);
  return total;
}

/** Files under `root` changed since `since`, as paths inside the container (directories count by their files). */
function changedSince(root: string, since: number): string[] {
  const changed: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      const inside = `/${path.relative(root, p)}`;
      if (WRITABLE_PATHS.some((w) => inside === w || inside.startsWith(`${w}/`))) continue;
      if (entry.isDirectory()) walk(p);
      else if (!RUNTIME_FILES.includes(inside) && fs.lstatSync(p).mtimeMs > since) changed.push(inside);
    }
  };
  walk(root);
  return changed;
}

/** The server process inside the container: the node process among the descendants of `buildah run`. */
function serverPid(parent: number): number | undefined {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(fs.readFileSync(`/proc/${entry}/stat`, "utf8").replace(/^.*\) /s, "").split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const queue = [...(children.get(parent) ?? [])];
  while (queue.length) {
    const pid = queue.shift()!;
    const exe = fs.readlinkSync(`/proc/${pid}/exe`, { encoding: "utf8" });
    if (exe.endsWith("/node")) return pid;
    queue.push(...(children.get(pid) ?? []));
  }
  return undefined;
}

async function waitFor(url: string, server: ChildProcess, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (server.exitCode !== null) throw new Error(`the container exited with ${server.exitCode} before it was ready`);
    const status = await fetch(url).then((r) => r.status, () => 0);
    if (status === 200) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} not ready within ${timeoutMs / 1000} s`);
}

/** Signs in the way a person does: the portal's sign-in page, the IdP's login form and consent, back. */
async function signInThroughIdp(base: string, login: string): Promise<string> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/signin`);
    await page.getByRole("button", { name: "Continue with Acme SSO" }).click();
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill("any-password");
    await page.getByRole("button", { name: "Sign-in" }).click();
    const consent = page.getByRole("button", { name: "Continue" });
    const back = page.waitForURL((url) => url.origin === base && !url.pathname.startsWith("/api/auth")).then(() => "back" as const);
    if ((await Promise.race([consent.waitFor().then(() => "consent" as const), back])) === "consent") await consent.click();
    await page.waitForURL((url) => url.origin === base && !url.pathname.startsWith("/api/auth") && url.pathname !== "/signin");
    const cookie = (await context.cookies(base)).find((c) => c.name === "authjs.session-token");
    if (!cookie) throw new Error(`no session after signing in; the page is ${page.url()}`);
    return `${cookie.name}=${cookie.value}`;
  } finally {
    await browser.close();
  }
}

async function main() {
  const config = JSON.parse(buildah("inspect", "--type", "image", IMAGE)) as {
    Docker: { config: { User?: string; WorkingDir?: string; Cmd?: string[]; Env?: string[]; Healthcheck?: { Test?: string[] } } };
  };
  const { User: user, WorkingDir: workdir, Cmd: cmd, Healthcheck: healthcheck } = config.Docker.config;
  check("runs as an unprivileged user", !!user && !/^(0|root)(:|$)/.test(user), user);
  check("has a HEALTHCHECK", healthcheck?.Test?.[0] === "CMD", JSON.stringify(healthcheck?.Test?.slice(0, 2)));

  const container = buildah("from", "--quiet", "--pull-never", IMAGE);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portico-image-"));
  let server: ChildProcess | undefined;
  let stopDatabase: (() => Promise<void>) | undefined;
  let stopIdp: (() => Promise<void>) | undefined;
  try {
    const root = buildah("mount", container);
    const bytes = du(root);
    check("size within 250 MB", bytes <= MAX_BYTES, `${(bytes / 1e6).toFixed(1)} MB unpacked`);
    const present = FORBIDDEN.filter((p) => fs.existsSync(path.join(root, p)));
    check("no shell, npm, compiler, sources or test dependencies", present.length === 0, present.join(", "));

    const pg = await startEmbeddedPostgres(dataDir);
    stopDatabase = pg.stop;
    const port = await freePort();
    const base = `http://localhost:${port}`;
    const idp = await startIdp("okta", { portalUrl: base, accounts: { alice: { name: "Alice Admin", email: "alice@acme.test", emailVerified: true, groups: ["platform-admins"] } } });
    stopIdp = idp.stop;
    const env = {
      DATABASE_URL: pg.url,
      AUTH_OIDC_ISSUER: idp.issuer,
      AUTH_OIDC_ID: idp.client.id,
      AUTH_OIDC_SECRET: idp.client.secret,
      AUTH_OIDC_NAME: "Acme SSO",
      PORTICO_ADMIN_GROUPS: "platform-admins",
      PORTICO_STATIC_TOKENS: `image-check:admin:${TOKEN}`,
      AUTH_SECRET: randomBytes(32).toString("base64"),
      PORTICO_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      AUTH_URL: base,
      PORT: String(port),
    };
    // The mtime resolution of some file systems is coarse: a second's margin.
    const startedAt = Date.now() - 1000;
    const started = Date.now();
    server = spawn(
      "buildah",
      [...BUILDAH, "run", "--isolation", "chroot", "--user", user!, "--workingdir", workdir ?? "/", ...Object.entries(env).flatMap(([k, v]) => ["--env", `${k}=${v}`]), container, "--", ...(cmd ?? [])],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    const logs: string[] = [];
    server.stdout!.on("data", (d: Buffer) => logs.push(d.toString()));
    server.stderr!.on("data", (d: Buffer) => logs.push(d.toString()));
    try {
      const readyMs = await waitFor(`${base}/api/health/ready`, server, 180_000);
      check("ready on /api/health/ready (migrated and seeded)", true, `${((Date.now() - started) / 1000).toFixed(1)} s after start, ${(readyMs / 1000).toFixed(1)} s waited`);
    } catch (error) {
      check("ready on /api/health/ready", false, `${(error as Error).message}\n${logs.join("").slice(-4000)}`);
      return;
    }

    const health = spawnSync("buildah", [...BUILDAH, "run", "--isolation", "chroot", "--user", user!, "--env", `PORT=${port}`, container, "--", ...healthcheck!.Test!.slice(1)], { encoding: "utf8" });
    check("its HEALTHCHECK command passes", health.status === 0, health.stderr.trim());

    const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
    const entities = (await sql<{ n: number }[]>`select count(*)::int as n from entities`)[0]!.n;
    await sql.end();
    check("demo catalog loaded into the empty database", entities > 0, `${entities} entities`);
    const cookie = await signInThroughIdp(base, "alice");
    const me = await fetch(`${base}/api/trpc/me.get`, { headers: { cookie } });
    const person = me.status === 200 ? ((await me.json()) as { result: { data: { json: { email: string; role: string } } } }).result.data.json : undefined;
    check("a person signs in through the IdP", person?.email === "alice@acme.test" && person.role === "admin", `me.get ${me.status} ${person?.email} ${person?.role}`);
    const page = await fetch(`${base}/catalog`, { headers: { cookie }, redirect: "manual" });
    const html = await page.text();
    check("a signed-in page answers", page.status === 200 && html.includes("Catalog"), `GET /catalog ${page.status}, ${html.length} bytes`);
    // What the server loads by path at run time, which the standalone output must carry: a large Backstage
    // import parses half its YAML in a worker thread (js-yaml), a calculation property runs jq in the template
    // sandbox's worker (jq-wasm).
    const api = (route: string, init: RequestInit = {}) => fetch(`${base}${route}`, { ...init, headers: { authorization: `Bearer ${TOKEN}`, ...init.headers } });
    const yaml = Array.from({ length: 6000 }, (_, i) => `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: image-check-${i}\n  description: ${"x".repeat(300)}\nspec:\n  type: service\n  lifecycle: production\n  owner: platform\n`).join("---\n");
    const imported = await api("/api/v1/import/backstage", { method: "POST", headers: { "content-type": "application/yaml" }, body: yaml });
    const importText = await imported.text();
    const component = await api("/api/v1/blueprints/service/entities/image-check-5999");
    check("a Backstage import of 6,000 components (YAML read in a worker thread)", imported.status === 200 && component.status === 200, `${(yaml.length / 1e6).toFixed(1)} MB: HTTP ${imported.status} ${importText.slice(0, 200)}; the last one: HTTP ${component.status}`);
    const blueprint = { title: "Image check", schema: { properties: { n: { type: "number" } } }, calculationProperties: { twice: { calculation: ".properties.n * 2", type: "number" } } };
    await api("/api/v1/blueprints/image-check", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(blueprint) });
    await api("/api/v1/blueprints/image-check/entities/one", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ properties: { n: 21 } }) });
    const computed = await (await api("/api/v1/blueprints/image-check/entities/one")).json().catch(() => null) as { properties?: { twice?: unknown } } | null;
    check("a calculation property (jq in the template sandbox)", computed?.properties?.twice === 42, JSON.stringify(computed?.properties));
    const anonymous = await fetch(`${base}/catalog`, { redirect: "manual" });
    check("the same page asks a stranger to sign in", anonymous.status >= 300 && anonymous.status < 400, `GET /catalog ${anonymous.status}`);

    // As the kubelet does: SIGTERM to the container's process. buildah reports its exit status.
    const exited = new Promise<void>((resolve) => server!.once("exit", () => resolve()));
    const pid = serverPid(server.pid!);
    const stopAt = Date.now();
    if (pid) process.kill(pid, "SIGTERM");
    await exited;
    const status = /exited with status (\d+)/.exec(logs.join(""))?.[1];
    const shutdown = logs.join("").split("\n").filter((l) => l.includes('"shut down"'));
    check("SIGTERM stops it gracefully", !!pid && status === "143" && shutdown.length === 1, `node pid ${pid}, exit status ${status} after ${((Date.now() - stopAt) / 1000).toFixed(1)} s`);
    server = undefined;

    const written = changedSince(root, startedAt);
    check("wrote nothing outside /tmp and /app/.next/cache (read-only root file system)", written.length === 0, written.slice(0, 10).join(", "));
  } finally {
    server?.kill("SIGKILL");
    spawnSync("buildah", [...BUILDAH, "rm", container]);
    await stopIdp?.();
    await stopDatabase?.();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
