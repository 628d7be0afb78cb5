import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionForm, availableActions } from "@/server/actions/runs";
import { putAction } from "@/server/actions/service";
import { saveWebhookSettings } from "@/server/actions/settings";
import { putBlueprint } from "@/server/catalog/blueprints";
import { saveGitHubIntegration } from "@/server/catalog/github-discovery";
import { upsertEntities } from "@/server/catalog/entities";
import type { UserActor } from "@/server/context";
import { putCluster } from "@/server/environments/clusters";
import { createTestDatabase, makeUser, serviceContext } from "../support/db";
import { startGitHubApi } from "../support/github-api";
import { startKubernetesApi } from "../support/kubernetes-api";

// Issue 21: the run form says up front when the action's target is not connected, a DAY-2 action opened
// from the self-service hub asks for its entity first, and the hub lists the DAY-2 actions a user may run.
process.env.PORTICO_ENCRYPTION_KEY = "test-encryption-key-0123456789-abcdef";
const { db } = await createTestDatabase();
const github = await startGitHubApi({ token: "gh-token", org: "acme", repos: [{ name: "deployer" }] });
const k8s = await startKubernetesApi({ token: "k8s-token" });
afterAll(async () => {
  await Promise.all([github.close(), k8s.close()]);
});

let admin: UserActor;
let member: UserActor;
let teamless: UserActor;
const as = (actor: UserActor) => serviceContext(db, actor);
const action = (identifier: string, invocation: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  putAction({ ctx: as(admin), input: { identifier, title: identifier, blueprint: "service", operation: "DAY-2", userInputs: { properties: {}, required: [] }, invocation, ...extra } });

beforeAll(async () => {
  admin = await makeUser(db, "admin@example.com", "admin", ["platform"]);
  member = await makeUser(db, "member@example.com", "member", ["payments"]);
  teamless = await makeUser(db, "new@example.com", "member", []);
  await putBlueprint({ ctx: as(admin), input: { identifier: "service", title: "Service", schema: { properties: { tier: { type: "string" } }, required: [] } } });
  await upsertEntities({ ctx: as(admin), input: { blueprint: "service", mode: "upsert", bulk: true, entities: [{ identifier: "payments-api", team: ["payments"], properties: { tier: "1" } }] } });
  await action("deploy", { type: "github-workflow", owner: "acme", repo: "deployer", workflow: "deploy.yml", inputs: {} });
  await action("migrate", { type: "kubernetes-job", cluster: "dev-eu-1", namespace: "jobs", jobTemplate: { spec: { template: { spec: { containers: [{ name: "m", image: "migrate:1" }] } } } } });
  await action("migrate-anywhere", { type: "kubernetes-job", cluster: "{{ entity.properties.tier }}", namespace: "jobs", jobTemplate: { spec: { template: { spec: { containers: [{ name: "m", image: "migrate:1" }] } } } } });
  await action("notify", { type: "webhook", url: "https://hooks.example.com/x", body: {} });
  await action("restart-own", { type: "webhook", url: "https://hooks.example.com/x", body: {} }, { permissions: { execute: { ownerTeam: true } } });
  await action("admins-only", { type: "webhook", url: "https://hooks.example.com/x", body: {} }, { permissions: { execute: { roles: ["admin"] } } });
});

describe("the run form, before anyone fills it in", () => {
  it("names the integration the target needs while it is not connected, and nothing once it is", async () => {
    const form = (name: string) => actionForm({ ctx: as(member), input: { action: name, entity: "payments-api" } });
    expect((await form("deploy")).unavailable).toBe("GitHub");
    expect((await form("migrate")).unavailable).toBe("Cluster dev-eu-1");
    // A cluster chosen by a template is known only when the run renders it; a webhook needs no integration.
    expect((await form("migrate-anywhere")).unavailable).toBeNull();
    expect((await form("notify")).unavailable).toBeNull();

    // The loopback test servers are private addresses, which an admin allows first.
    await saveWebhookSettings({ ctx: as(admin), input: { allowlist: ["localhost", "127.0.0.1"], notificationUrl: "" } });
    await saveGitHubIntegration({ ctx: as(admin), input: { org: "acme", apiUrl: github.url, token: "gh-token" } });
    await putCluster({ ctx: as(admin), input: { name: "dev-eu-1", server: k8s.url, token: "k8s-token", skipTlsVerify: true } });
    expect((await form("deploy")).unavailable).toBeNull();
    expect((await form("migrate")).unavailable).toBeNull();
  });

  it("asks for the entity of a DAY-2 action opened without one, for whoever may run it on some entity", async () => {
    const form = await actionForm({ ctx: as(member), input: { action: "restart-own" } });
    expect(form).toMatchObject({ chooseEntity: true, entity: null, action: { identifier: "restart-own", operation: "DAY-2" } });
    expect((await actionForm({ ctx: as(member), input: { action: "restart-own", entity: "payments-api" } })).chooseEntity).toBe(false);
    // An owner-team rule needs a team of one's own; a role rule needs the role.
    await expect(actionForm({ ctx: as(teamless), input: { action: "restart-own" } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(actionForm({ ctx: as(member), input: { action: "admins-only" } })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("lists the DAY-2 actions a user may run in the hub, and keeps CREATE the default", async () => {
    const day2 = async (actor: UserActor) => (await availableActions({ ctx: as(actor), input: { operation: "DAY-2" } })).map((a) => a.identifier);
    expect(await day2(member)).toEqual(["deploy", "migrate", "migrate-anywhere", "notify", "restart-own"]);
    expect(await day2(teamless)).toEqual(["deploy", "migrate", "migrate-anywhere", "notify"]);
    expect(await day2(admin)).toContain("admins-only");
    expect(await availableActions({ ctx: as(member), input: {} })).toEqual([]);
    await expect(availableActions({ ctx: as(member), input: { blueprint: "service", entity: "payments-api", operation: "CREATE" } })).rejects.toMatchObject({ code: "VALIDATION" });
  });
});
