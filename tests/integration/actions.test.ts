import type { ActionDraft } from "@/server/actions/definition";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { actions, auditEvents } from "@/db/schema";
import { deleteAction, getAction, putAction, toActionJson } from "@/server/actions/service";
import { putBlueprint } from "@/server/catalog/blueprints";
import type { UserActor } from "@/server/context";
import { callerFor, createTestDatabase, makeUser, serviceContext } from "../support/db";

// Action definitions (issue 5, first part): shape, field-level errors, admins only, audited, REST v1.
const { db, url } = await createTestDatabase();
// The route handlers read configuration and the database the way the server does.
process.env.PORTICO_EMBEDDED_DATABASE_URL = url;
process.env.PORTICO_STATIC_TOKENS = "ci:admin:static-admin-secret-0123,reader:member:static-reader-secret-0123";
const actionRoute = await import("@/app/api/v1/actions/[id]/route");

let admin: UserActor;
let member: UserActor;
const ctx = () => serviceContext(db, admin);

const deploy = {
  identifier: "deploy",
  title: "Deploy a version",
  blueprint: "service",
  operation: "DAY-2",
  condition: { combinator: "and", rules: [{ property: "lifecycle", operator: "!=", value: "deprecated" }] },
  userInputs: {
    properties: {
      version: { type: "string", title: "Version", pattern: "^v\\d+\\.\\d+\\.\\d+$" },
      environment: { type: "string", format: "entity", blueprint: "environment" },
    },
    required: ["version", "environment"],
    order: ["environment", "version"],
  },
  invocation: { type: "github-workflow", owner: "acme", repo: "deployer", workflow: "deploy.yml", inputs: { version: "{{ inputs.version }}" } },
  approval: { required: true, approvers: { teams: ["platform"] } },
  permissions: { execute: { ownerTeam: true } },
} satisfies ActionDraft;

beforeAll(async () => {
  admin = await makeUser(db, "admin@example.com", "admin", ["platform"]);
  member = await makeUser(db, "member@example.com", "member", ["payments"]);
  await putBlueprint({ ctx: ctx(), input: { identifier: "service", title: "Service", schema: { properties: { lifecycle: { type: "string", enum: ["production", "deprecated"] } }, required: [] } } });
  await putBlueprint({ ctx: ctx(), input: { identifier: "environment", title: "Environment" } });
});

describe("action definitions", () => {
  it("creates, replaces and deletes an action, keeping the admin's input order, each change audited", async () => {
    const created = await putAction({ ctx: ctx(), input: deploy });
    expect(created.created).toBe(true);
    const json = toActionJson(await getAction({ ctx: ctx(), input: { identifier: "deploy" } }));
    expect(Object.keys(json.userInputs.properties)).toEqual(["version", "environment"]);
    expect(json.invocation).toEqual({ ...deploy.invocation, ref: "main" });

    const replaced = await putAction({ ctx: ctx(), input: { ...deploy, title: "Deploy" } });
    expect(replaced.created).toBe(false);
    await deleteAction({ ctx: ctx(), input: { identifier: "deploy" } });
    const events = await db.select().from(auditEvents).where(eq(auditEvents.resourceType, "action")).orderBy(auditEvents.id);
    expect(events.map((e) => e.action)).toEqual(["action.create", "action.update", "action.delete"]);
    expect(events[1]!.diff).toEqual(expect.arrayContaining([expect.objectContaining({ path: "/title" })]));
  });

  it("answers invalid definitions with field-level errors and writes nothing", async () => {
    const bad = {
      ...deploy,
      identifier: "broken",
      operation: "CREATE",
      userInputs: {
        properties: { version: { type: "strin" }, env: { type: "string", format: "entity" } },
        required: ["version", "missing"],
      },
      approval: { required: true, approvers: {} },
    };
    const error = await putAction({ ctx: ctx(), input: bad }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "VALIDATION" });
    expect((error as { details: { path: string }[] }).details.map((d) => d.path)).toEqual(
      expect.arrayContaining(["/userInputs/required/1", "/userInputs/properties/version", "/userInputs/properties/env/blueprint", "/condition", "/approval/approvers"]),
    );
    await expect(putAction({ ctx: ctx(), input: { ...deploy, identifier: "x", invocation: { type: "webhook", url: "ftp://example.com" } } })).rejects.toMatchObject({
      details: [{ path: "/invocation/url" }],
    });
    await expect(putAction({ ctx: ctx(), input: { ...deploy, identifier: "x", invocation: { type: "carrier-pigeon" } } })).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(putAction({ ctx: ctx(), input: { ...deploy, identifier: "x", blueprint: "nope" } })).rejects.toMatchObject({ details: [{ path: "/blueprint" }] });
    await expect(putAction({ ctx: ctx(), input: { ...deploy, identifier: "x", approval: { required: true, approvers: { teams: ["ghosts"] } } } })).rejects.toMatchObject({
      details: [{ path: "/approval/approvers/teams/0", message: "team ghosts does not exist" }],
    });
    expect(await db.select().from(actions)).toHaveLength(0);
  });

  it("lets only admins write actions; everyone signed in reads them", async () => {
    await putAction({ ctx: ctx(), input: deploy });
    const caller = callerFor(db, member);
    await expect(caller.actions.put({ action: { ...deploy, title: "Mine" } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(caller.actions.delete({ identifier: "deploy" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await caller.actions.list({})).map((a) => a.title)).toEqual(["Deploy a version"]);
  });

  it("is served by PUT, GET and DELETE /api/v1/actions/{id}", async () => {
    const request = (method: string, auth: string, body?: unknown) =>
      new Request("http://localhost/api/v1/actions/provision-db", {
        method,
        headers: { authorization: auth, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const params = { params: Promise.resolve({ id: "provision-db" }) };
    const definition = {
      title: "Provision a database",
      blueprint: "service",
      operation: "CREATE",
      userInputs: { properties: { size: { type: "string", enum: ["small", "large"], default: "small" } }, required: ["size"] },
      invocation: { type: "kubernetes-job", cluster: "prod-eu-1", namespace: "databases", jobTemplate: { apiVersion: "batch/v1", kind: "Job" } },
    };
    const put = await actionRoute.PUT(request("PUT", "Bearer static-admin-secret-0123", definition), params);
    expect(put.status).toBe(201);
    expect(await put.json()).toMatchObject({ identifier: "provision-db", operation: "CREATE", invocation: { type: "kubernetes-job" } });
    expect((await actionRoute.PUT(request("PUT", "Bearer static-reader-secret-0123", definition), params)).status).toBe(403);
    const bad = await actionRoute.PUT(request("PUT", "Bearer static-admin-secret-0123", { ...definition, operation: "LATER" }), params);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.details[0].path).toBe("/operation");
    expect((await actionRoute.GET(request("GET", "Bearer static-reader-secret-0123"), params)).status).toBe(200);
    expect((await actionRoute.DELETE(request("DELETE", "Bearer static-admin-secret-0123"), params)).status).toBe(200);
    expect((await actionRoute.GET(request("GET", "Bearer static-reader-secret-0123"), params)).status).toBe(404);
  });
});
