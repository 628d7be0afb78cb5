import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { startWebhookReceiver } from "../support/kubernetes-api";
import { PORTAL_PORT } from "./ports";
import { startPortalServer } from "./server";

// Issue 7, item 7: the production server (`next start`, the same build the other e2e tests use) is
// killed with SIGKILL while it dispatches runs and while a Backstage import is in its transaction.
// After a restart no run is lost or dispatched twice, the import is whole or absent and can be sent
// again, and every committed change has its audit event.
const PORT = PORTAL_PORT + 7;
const BASE = `http://localhost:${PORT}`;
const TOKEN = "crash-admin-token-0123456789";
const SIGNING_SECRET = "crash-signing-secret-0123456789";
const ENCRYPTION_KEY = "crash-encryption-key-0123456789-abcdef";
const RUNS = 30;
// Enough that the import is still in its transaction when the webhooks are under way (50,000 take about 25 s).
const COMPONENTS = 15000;

const api = (route: string, init: RequestInit = {}) =>
  fetch(`${BASE}${route}`, { ...init, headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json", ...init.headers } });

function backstageYaml(count: number, prefix: string) {
  const docs = ["apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: payments}\nspec: {type: team, children: []}"];
  for (let i = 0; i < count; i++) {
    docs.push(`apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: ${prefix}-${String(i).padStart(5, "0")}, description: Component ${i}}\nspec: {type: service, lifecycle: production, owner: group:payments}`);
  }
  return docs.join("\n---\n");
}

test("SIGKILL during run dispatch and a bulk import: no run lost or dispatched twice, the import whole or absent, no audit gap", async () => {
  test.setTimeout(300_000);
  const receiver = await startWebhookReceiver({ secret: SIGNING_SECRET, delayMs: 150 });
  const server = await startPortalServer(PORT, {
    PORTICO_ENCRYPTION_KEY: ENCRYPTION_KEY,
    PORTICO_STATIC_TOKENS: `crash:admin:${TOKEN}`,
    PORTICO_DEMO_DATA: "false",
    PORTICO_RUN_LEASE_SECONDS: "3",
    PORTICO_API_RATE_LIMIT: "0",
  });
  try {
    const sql = postgres(server.databaseUrl, { max: 2, onnotice: () => {} });

    // An admin allows the loopback receiver (as Admin → Integrations does), and defines a webhook action.
    process.env.PORTICO_ENCRYPTION_KEY = ENCRYPTION_KEY;
    const { createDb } = await import("../../db/client");
    const { saveWebhookSettings } = await import("../../server/actions/settings");
    const { systemActor } = await import("../../server/context");
    const { db, end } = createDb(server.databaseUrl, { max: 1 });
    await saveWebhookSettings({ ctx: { db, actor: systemActor, origin: "api", requestId: "crash-setup" }, input: { allowlist: ["127.0.0.1"], signingSecret: SIGNING_SECRET, notificationUrl: "" } });
    await end();
    expect((await api("/api/v1/import/backstage", { method: "POST", body: backstageYaml(1, "seed"), headers: { "content-type": "application/yaml" } })).status).toBe(200);
    const action = {
      title: "Notify",
      blueprint: "service",
      operation: "DAY-2",
      userInputs: { properties: { n: { type: "integer" } }, required: ["n"] },
      invocation: { type: "webhook", url: receiver.url, body: { n: "{{ inputs.n }}", run: "{{ run.id }}" } },
    };
    expect((await api("/api/v1/actions/notify", { method: "PUT", body: JSON.stringify(action) })).status).toBe(201);

    // Runs pile up faster than the worker sends them (each webhook answers after 150 ms).
    const runIds: string[] = [];
    for (let n = 0; n < RUNS; n++) {
      const res = await api("/api/v1/actions/notify/runs", { method: "POST", body: JSON.stringify({ entity: "seed-00000", inputs: { n } }) });
      expect(res.status).toBe(201);
      runIds.push(((await res.json()) as { id: string }).id);
    }
    // A large import starts; it is one transaction.
    const importing = api("/api/v1/import/backstage", { method: "POST", body: backstageYaml(COMPONENTS, "bulk"), headers: { "content-type": "application/yaml" } }).then(
      (r) => `answered ${r.status}`,
      () => "connection lost",
    );
    // Kill while both are under way: some webhooks sent, the import's transaction open.
    for (let i = 0; i < 200; i++) {
      const [open] = await sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and xact_start is not null and query ilike '%entities%' and pid <> pg_backend_pid()`;
      if (receiver.state.requests.length >= 3 && open!.n > 0) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const sentBeforeKill = receiver.state.requests.length;
    expect(sentBeforeKill).toBeGreaterThan(0);
    expect(sentBeforeKill).toBeLessThan(RUNS);
    await server.kill("SIGKILL");
    expect(await importing).toBe("connection lost");

    // Whole or absent: the killed transaction left nothing.
    const [afterKill] = await sql`select count(*)::int as n from entities where identifier like 'bulk-%'`;
    expect(afterKill!.n).toBe(0);

    await server.start();
    // The import is sent again and completes.
    const again = await api("/api/v1/import/backstage", { method: "POST", body: backstageYaml(COMPONENTS, "bulk"), headers: { "content-type": "application/yaml" } });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { created: unknown[] }).created).toHaveLength(COMPONENTS);

    // Every run ends; the claims of the dead process ran out and the new one took them over.
    await expect
      .poll(async () => (await sql`select count(*)::int as n from runs where status = 'SUCCESS'`)[0]!.n, { timeout: 120_000, intervals: [500] })
      .toBe(RUNS);
    const keys = receiver.state.requests.map((r) => String(r.headers["idempotency-key"]));
    // No run lost: each was delivered. Not dispatched twice: a run sent again after the crash carries
    // the same Idempotency-Key (the receiver sees one dispatch), and only runs in flight at the kill were.
    expect([...new Set(keys)].sort()).toEqual([...runIds].sort());
    const repeated = keys.filter((k, i) => keys.indexOf(k) !== i);
    expect(repeated.length).toBeLessThanOrEqual(5);
    const attempts = await sql`select id, dispatch_attempts from runs where id = any(${runIds})`;
    for (const key of repeated) expect(attempts.find((a) => a.id === key)?.dispatch_attempts).toBe(2);
    expect(receiver.state.requests.every((r) => r.signatureValid)).toBe(true);

    // No audit gap: every committed entity and run has its creation event, and nothing else has one.
    const [entityAudit] = await sql`select count(distinct resource_id)::int as events, (select count(*)::int from entities where identifier like 'bulk-%') as rows
      from audit_events where action = 'entity.create' and resource_id like 'service/bulk-%'`;
    expect(entityAudit).toEqual({ events: COMPONENTS, rows: COMPONENTS });
    const [duplicates] = await sql`select count(*)::int as n from (select resource_id from audit_events where action = 'entity.create' group by resource_id having count(*) > 1) d`;
    expect(duplicates!.n).toBe(0);
    const [runAudit] = await sql`select count(distinct resource_id)::int as n from audit_events where action = 'run.create' and resource_id = any(${runIds})`;
    expect(runAudit!.n).toBe(RUNS);
    await sql.end();
  } finally {
    await server.stop();
    await receiver.close();
  }
});
