import { test } from "@playwright/test";
import postgres from "postgres";
import superjson from "superjson";
import type { UserActor } from "@/server/context";
import { fingerprintStatement } from "../support/fingerprint";
import type { World } from "../support/surface-matrix";
import { worldDefinitions } from "../support/world-definitions";
import { PORTAL_PORT } from "./ports";
import { startPortalServer } from "./server";

/**
 * The matrix's organisation on a production server (`next start` of the build, its own embedded
 * PostgreSQL): built through the REST API and tRPC, as a platform team would, with its users signed
 * in through the demo sign-in. Everything the HTTP tests send goes through the real request path:
 * proxy.ts, the route handlers, the bundled services.
 */
export const ADMIN_TOKEN = "http-admin-token-0123456789abcdef";
export const MEMBER_TOKEN = "http-member-token-0123456789abcdef";

export type Portal = Awaited<ReturnType<typeof startPortalServer>>;
export type HttpWorld = World & { cookies: Record<"admin" | "owner" | "outsider", string> };

export async function startHttpPortal(port: number, env: Record<string, string> = {}) {
  return startPortalServer(port, {
    PORTICO_DEMO_DATA: "false",
    PORTICO_STATIC_TOKENS: `admin:admin:${ADMIN_TOKEN},reader:member:${MEMBER_TOKEN}`,
    PORTICO_API_RATE_LIMIT: "0",
    PORTICO_ENCRYPTION_KEY: "http-encryption-key-0123456789-abcdef",
    ...env,
  });
}

export type TrpcAnswer = { status: number; code: string; data: unknown; message?: string };

/** One tRPC call as the browser's client sends it (superjson; POST for mutations with the page's Origin). */
export async function trpc(base: string, cookie: string | null, procedure: string, input: unknown, kind: "query" | "mutation", headers: Record<string, string> = {}): Promise<TrpcAnswer> {
  const serialized = JSON.stringify(superjson.serialize(input));
  const common: Record<string, string> = { ...(cookie ? { cookie } : {}), ...headers };
  const res =
    kind === "mutation"
      ? await fetch(`${base}/api/trpc/${procedure}`, { method: "POST", headers: { "content-type": "application/json", origin: base, ...common }, body: serialized })
      : await fetch(`${base}/api/trpc/${procedure}?input=${encodeURIComponent(serialized)}`, { headers: common });
  const text = await res.text();
  let body: { result?: { data?: unknown }; error?: { json?: { message?: string; data?: { code?: string } } } } = {};
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: a proxy-level answer
  }
  if (body.error) return { status: res.status, code: body.error.json?.data?.code ?? "UNKNOWN", data: undefined, message: body.error.json?.message };
  const data = body.result?.data as { json: unknown; meta?: unknown } | undefined;
  return { status: res.status, code: res.ok ? "OK" : `HTTP_${res.status}`, data: data ? superjson.deserialize(data as Parameters<typeof superjson.deserialize>[0]) : undefined };
}

/** A REST call with a bearer token (or none), JSON in and out. */
export async function rest(base: string, method: string, path: string, token: string | null, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json: json as Record<string, unknown>, headers: res.headers };
}

/** Signs a demo user in through Auth.js's own endpoints and returns the session cookie. */
export async function signInDemo(base: string, userId: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const csrfCookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]!).join("; ");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/demo`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie, origin: base },
    body: new URLSearchParams({ csrfToken, userId, callbackUrl: "/" }),
  });
  const session = res.headers.getSetCookie().find((c) => c.startsWith("authjs.session-token="));
  if (!session) throw new Error(`demo sign-in failed: HTTP ${res.status} ${res.headers.get("location")}`);
  return session.split(";")[0]!;
}

function expectOk(what: string, status: number, detail: unknown) {
  if (status < 200 || status >= 300) throw new Error(`${what}: HTTP ${status} ${JSON.stringify(detail).slice(0, 500)}`);
}

/** The world of tests/support/world-definitions.ts, built on a running portal through its API. */
export async function buildHttpWorld(portal: Portal): Promise<HttpWorld> {
  const d = worldDefinitions;
  const base = portal.url;
  const sql = postgres(portal.databaseUrl, { max: 1, onnotice: () => {} });
  const users = {} as Record<"admin" | "owner" | "outsider", UserActor>;
  try {
    // Users come from SSO in real life; here they are demo users, whom the demo sign-in accepts.
    for (const team of ["platform", "payments", "search"]) await sql`insert into teams (id, title) values (${team}, ${team}) on conflict do nothing`;
    for (const u of d.users) {
      const [row] = await sql<{ id: string }[]>`insert into users (email, name, role, is_demo) values (${u.email}, ${u.key}, ${u.role}, true) returning id`;
      for (const t of u.teams) await sql`insert into team_members (team_id, user_id) values (${t}, ${row!.id})`;
      users[u.key] = { kind: "user", id: row!.id, email: u.email, name: u.key, image: null, role: u.role, teamIds: [...u.teams] };
    }
    // A finished import's progress, for the routes that read one.
    await sql`insert into import_progress (id, started_by, phase, done, total) values (${d.importProgressId}, ${d.users[0].email}, 'done', 1, 1) on conflict do nothing`;
  } finally {
    await sql.end();
  }
  const cookies = {
    admin: await signInDemo(base, users.admin.id),
    owner: await signInDemo(base, users.owner.id),
    outsider: await signInDemo(base, users.outsider.id),
  };
  // PUT takes the identifier from the path; the body's own is the same.
  let r = await rest(base, "PUT", "/api/v1/blueprints/service", ADMIN_TOKEN, d.service);
  expectOk("service blueprint", r.status, r.json);
  r = await rest(base, "POST", "/api/v1/blueprints/service/entities/bulk", ADMIN_TOKEN, d.services);
  expectOk("services", r.status, r.json);
  r = await rest(base, "POST", "/api/v1/blueprints/environment/entities/bulk", ADMIN_TOKEN, d.environments);
  expectOk("environments", r.status, r.json);
  r = await rest(base, "PUT", "/api/v1/blueprints/service/scorecards/readiness", ADMIN_TOKEN, d.scorecard);
  expectOk("scorecard", r.status, r.json);
  r = await rest(base, "PUT", `/api/v1/campaigns/${d.campaign.identifier}`, ADMIN_TOKEN, d.campaign);
  expectOk("campaign", r.status, r.json);
  const webhooks = await trpc(base, cookies.admin, "integrations.saveWebhooks", d.webhooks, "mutation");
  expectOk("webhook settings", webhooks.status, webhooks);
  for (const action of [d.notify, { ...d.notify, ...d.guarded }]) {
    const { identifier, ...body } = action;
    r = await rest(base, "PUT", `/api/v1/actions/${identifier}`, ADMIN_TOKEN, body);
    expectOk(`action ${identifier}`, r.status, r.json);
  }
  const run = async (spec: { action: string; body: { entity: string; inputs: Record<string, unknown> } }) => {
    const answer = await trpc(base, cookies.owner, "actions.run", { action: spec.action, ...spec.body }, "mutation");
    expectOk(`run of ${spec.action}`, answer.status, answer);
    return (answer.data as { id: string }).id;
  };
  return { ...users, notify: d.notify, runs: { queued: await run(d.runs.queued), waiting: await run(d.runs.waiting) }, importProgressId: d.importProgressId, cookies };
}

/**
 * What users' requests write, digested: every table but those the server's background work writes
 * on its own (runs, logs, notifications, cluster and CI caches, rate-limit buckets, an integration's
 * sync state, the day a signed-in user was seen, recorded for any request of theirs, refused or not, and the
 * insights' roll-ups of runs and days, brought up to date by whichever read needs them), and audit events
 * from the UI and the API only (a run's own events are origin `action`).
 */
export async function httpFingerprint(portal: Portal): Promise<string> {
  const background = new Set(["runs", "run_logs", "notifications", "notification_outbox", "api_rate_limits", "cluster_objects", "cluster_syncs", "ci_runs", "ci_repositories", "scorecard_snapshots", "scorecard_trends", "deployments", "user_activity_days", "user_activity_years", "run_paths", "run_totals", "run_totals_stale", "insights_rollup"]);
  const sql = postgres(portal.databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const tables = (await sql<{ name: string }[]>`select tablename as name from pg_tables where schemaname = 'public' and tablename not like '\\_\\_%' order by tablename`)
      .map((t) => t.name)
      .filter((t) => !background.has(t))
      // The hourly GitHub discovery records its progress in its integration's sync state on its own.
      .map((name) => (name === "audit_events" ? { name, where: "origin in ('ui', 'api')" } : name === "integrations" ? { name, omit: ["sync_state"] } : { name }));
    const rows = await sql.unsafe<{ t: string; n: string; h: string }[]>(fingerprintStatement(tables));
    return rows.map((row) => `${row.t}:${row.n}:${row.h}`).join("\n");
  } finally {
    await sql.end();
  }
}

/**
 * A portal of its own for the spec file that calls this (its port PORTAL_PORT + offset), with the world of
 * tests/support/world-definitions.ts built on it before the file's tests and stopped after them.
 */
export function portalForThisFile(offset: number) {
  const shared = {} as { portal: Portal; world: HttpWorld; base: string };
  test.beforeAll(async () => {
    test.setTimeout(240_000);
    shared.portal = await startHttpPortal(PORTAL_PORT + offset);
    shared.base = shared.portal.url;
    shared.world = await buildHttpWorld(shared.portal);
  });
  test.afterAll(async () => {
    await shared.portal?.stop();
  });
  return shared;
}
