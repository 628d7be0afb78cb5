import fs from "node:fs";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { actions, auditEvents } from "@/db/schema";
import { dryRun } from "@/server/actions/runs";
import { putAction, toActionJson } from "@/server/actions/service";
import { putBlueprint } from "@/server/catalog/blueprints";
import { upsertEntities } from "@/server/catalog/entities";
import type { UserActor } from "@/server/context";
import { DomainError } from "@/server/errors";
import { PORT_REFUSALS, toPortAction } from "@/server/port/action-json";
import { importPortActions } from "@/server/port/actions";
import { makeUser, serviceContext, createTestDatabase } from "../support/db";

/** Port's action JSON as its documentation writes it: GITHUB, WEBHOOK, UPSERT_ENTITY, jq templates, the older shape. */
const file = JSON.parse(fs.readFileSync("tests/fixtures/port/actions.json", "utf8")) as Record<string, unknown>[];
const { db } = await createTestDatabase();
let admin: UserActor;
const ctx = () => serviceContext(db, admin);

beforeAll(async () => {
  admin = await makeUser(db, "admin@example.com", "admin");
  for (const identifier of ["domain", "pagerdutyIncident"]) await putBlueprint({ ctx: ctx(), input: { identifier, title: identifier } });
  await putBlueprint({
    ctx: ctx(),
    input: { identifier: "service", title: "Service", schema: { properties: { language: { type: "string" }, replicas: { type: "number" } }, required: [] } },
  });
  await upsertEntities({ ctx: ctx(), input: { blueprint: "domain", mode: "upsert", bulk: true, entities: [{ identifier: "payments-domain", title: "Payments" }] } });
  await upsertEntities({ ctx: ctx(), input: { blueprint: "service", mode: "upsert", bulk: true, entities: [{ identifier: "billing", title: "Billing", properties: { language: "go" } }] } });
});

async function problemsOf(work: Promise<unknown>) {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return (error as DomainError).details ?? [];
}

describe("Port's action JSON", () => {
  it("is saved as written: trigger, invocationMethod, requiredApproval, jq templates, the older shape", async () => {
    expect(await importPortActions({ ctx: ctx(), input: file })).toEqual({ created: ["scaffold_service", "trigger_incident", "scale_service", "delete_repo"], updated: [], unchanged: [] });
    const rows = Object.fromEntries((await db.select().from(actions)).map((r) => [r.identifier, toActionJson(r)]));
    expect(rows.scaffold_service).toMatchObject({
      blueprint: "service",
      operation: "CREATE",
      templateLanguage: "jq",
      invocation: { type: "github-workflow", owner: "acme", repo: "platform-workflows", workflow: "scaffold.yml", ref: "main" },
    });
    // A secret input and a jq default in Portico's terms.
    expect(rows.scaffold_service!.userInputs.properties.registry_token).toMatchObject({ format: "secret" });
    expect(rows.scaffold_service!.userInputs.properties.language!.default).toBe('{{ "go" }}');
    expect(rows.trigger_incident!.invocation).toMatchObject({ type: "webhook", url: "https://events.example.com/v2/enqueue", synchronized: true, signed: true });
    expect(rows.scale_service).toMatchObject({
      operation: "DAY-2",
      condition: { combinator: "and", rules: [{ property: "language", operator: "isNotEmpty" }] },
      invocation: { type: "upsert-entity", blueprint: "service" },
      approval: { required: true, approvers: { roles: ["admin"] } },
    });
    // The older shape: the group names the blueprint; every input and the payload go to the workflow.
    expect(rows.delete_repo).toMatchObject({
      blueprint: "service",
      operation: "DELETE",
      invocation: { type: "github-workflow", inputs: { confirm: '{{ .inputs."confirm" }}', port_payload: "{{ . | del(.run.token) }}" } },
    });
    // Saving the same file again changes nothing.
    expect(await importPortActions({ ctx: ctx(), input: file })).toMatchObject({ unchanged: ["scaffold_service", "trigger_incident", "scale_service", "delete_repo"] });
    // So does Port's API answer ({ok, actions}, each with who and when, which a write ignores).
    const stamps = { createdBy: "auth0|5f1b", updatedBy: "auth0|5f1b", createdAt: "2025-03-02T10:11:12.000Z", updatedAt: "2025-06-01T08:00:00.000Z" };
    const answer = { ok: true, actions: (file as object[]).map((a) => ({ ...a, ...stamps })) };
    expect(await importPortActions({ ctx: ctx(), input: answer })).toMatchObject({ unchanged: ["scaffold_service", "trigger_incident", "scale_service", "delete_repo"] });
  });

  it("renders jq templates over Port's payload: inputs, picked entities, the requester, the run", async () => {
    const rendered = await dryRun({ ctx: ctx(), input: { action: "scaffold_service", body: { inputs: { name: "ledger", domain: "payments-domain" } } } });
    expect(rendered.payload).toMatchObject({
      owner: "acme",
      inputs: {
        name: "ledger",
        domain: "payments-domain",
        requested_by: "admin@example.com",
        port_context: JSON.stringify({ runId: "00000000-0000-0000-0000-000000000000", action: "scaffold_service" }),
      },
    });
    // The older GITHUB shape: every input, and the payload without the run's token.
    const deleting = await dryRun({ ctx: ctx(), input: { action: "delete_repo", body: { entity: "billing", inputs: { confirm: true } } } });
    const inputs = (deleting.payload as { inputs: Record<string, string> }).inputs;
    expect(inputs.confirm).toBe("true");
    const payload = JSON.parse(inputs.port_payload!) as { entity: { identifier: string }; run: Record<string, unknown>; trigger: { by: { user: { email: string } } } };
    expect(payload.entity.identifier).toBe("billing");
    expect(payload.trigger.by.user.email).toBe("admin@example.com");
    expect(payload.run).not.toHaveProperty("token");
    const scaled = await dryRun({ ctx: ctx(), input: { action: "scale_service", body: { entity: "billing", inputs: { replicas: 3 } } } });
    expect(scaled.payload).toEqual({ blueprint: "service", entity: { identifier: "billing", title: "Billing", properties: { replicas: 3, language: "go" } } });
  });

  it("refuses what Portico does not run by Port's name, at Port's path, and saves nothing", async () => {
    const base = file[1]!;
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...base, trigger: { type: "automation", event: { type: "ENTITY_CREATED", blueprintIdentifier: "service" } } }, "/trigger/type", PORT_REFUSALS.automation],
      [{ ...base, invocationMethod: { type: "AZURE_DEVOPS", org: "acme", webhook: "pipelines" } }, "/invocationMethod/type", PORT_REFUSALS.invocation.AZURE_DEVOPS!],
      [{ ...base, invocationMethod: { type: "KAFKA" } }, "/invocationMethod/type", PORT_REFUSALS.invocation.KAFKA!],
      [{ ...base, invocationMethod: { type: "WEBHOOK", url: "https://x.example.com", agent: true } }, "/invocationMethod/agent", PORT_REFUSALS.agent],
      [{ ...base, requiredApproval: { type: "ALL" } }, "/requiredApproval/type", PORT_REFUSALS.approvalAll],
      [{ ...base, approvalNotification: { type: "webhook", url: "https://x.example.com" } }, "/approvalNotification", PORT_REFUSALS.approvalWebhook],
      [{ ...base, publish: false }, "/publish", PORT_REFUSALS.unpublished],
      [{ ...base, invocationMethod: { type: "WEBHOOK", url: "https://x.example.com", headers: { Authorization: "Bearer {{ .secrets.token }}" } } }, "/invocationMethod/headers/Authorization", PORT_REFUSALS.secrets],
    ];
    for (const [action, path, message] of cases) {
      const problems = await problemsOf(importPortActions({ ctx: ctx(), input: [{ ...action, identifier: "refused" }] }));
      expect(problems).toContainEqual({ path: `/0${path}`, message });
    }
    const visible = structuredClone(base) as { trigger: { userInputs: { properties: Record<string, Record<string, unknown>> } } };
    visible.trigger.userInputs.properties.severity!.visible = { jqQuery: '.form.summary != ""' };
    expect(await problemsOf(putAction({ ctx: ctx(), input: { ...visible, identifier: "refused" } }))).toContainEqual({
      path: "/trigger/userInputs/properties/severity/visible",
      message: PORT_REFUSALS.jqVisible,
    });
    // Portico's own checks point into the Port JSON too, and a jq syntax error is found on save.
    expect(await problemsOf(putAction({ ctx: ctx(), input: { ...base, identifier: "refused", invocationMethod: { type: "WEBHOOK", url: "ftp://x" } } }))).toContainEqual(
      expect.objectContaining({ path: "/invocationMethod/url" }),
    );
    expect(await problemsOf(putAction({ ctx: ctx(), input: { ...base, identifier: "refused", trigger: { ...(base.trigger as object), blueprintIdentifier: "nope" } } }))).toContainEqual({
      path: "/trigger/blueprintIdentifier",
      message: "blueprint nope does not exist",
    });
    const broken = { ...base, identifier: "refused", invocationMethod: { type: "WEBHOOK", url: "https://x.example.com", body: { a: "{{ .inputs. | }}" } } };
    expect(await problemsOf(putAction({ ctx: ctx(), input: broken }))).toContainEqual(expect.objectContaining({ path: "/invocationMethod/body/a" }));
    // One bad action in a file: none saved, each problem under its place.
    const problems = await problemsOf(importPortActions({ ctx: ctx(), input: [{ ...base, identifier: "fine_one" }, { ...base, identifier: "bad_one", publish: false }] }));
    expect(problems).toEqual([{ path: "/1/publish", message: PORT_REFUSALS.unpublished }]);
    expect(await db.select().from(actions).where(eq(actions.identifier, "fine_one"))).toEqual([]);
    expect(await db.select().from(actions).where(eq(actions.identifier, "refused"))).toEqual([]);
  });

  it("runs Port's GITLAB backend as a GitLab pipeline: pipelineVariables, or every input and the payload; back to GITLAB unchanged", async () => {
    const gitlabAction = (invocationMethod: Record<string, unknown>, identifier: string) => ({
      identifier,
      title: "Deploy with GitLab",
      trigger: {
        type: "self-service",
        operation: "DAY-2",
        blueprintIdentifier: "service",
        userInputs: { properties: { version: { type: "string", title: "Version" } }, required: ["version"] },
      },
      invocationMethod: { type: "GITLAB", agent: true, groupName: "platform/deploy", projectName: "deployer", ...invocationMethod },
      requiredApproval: false,
    });
    await importPortActions({
      ctx: ctx(),
      input: [
        gitlabAction({ defaultRef: "release", pipelineVariables: { SERVICE: "{{ .entity.identifier }}", VERSION: "{{ .inputs.version }}" } }, "gitlab_deploy"),
        gitlabAction({ omitPayload: false }, "gitlab_legacy"),
      ],
    });
    const rows = Object.fromEntries((await db.select().from(actions)).map((r) => [r.identifier, toActionJson(r)]));
    expect(rows.gitlab_deploy!.invocation).toEqual({ type: "gitlab-pipeline", project: "platform/deploy/deployer", ref: "release", variables: { SERVICE: "{{ .entity.identifier }}", VERSION: "{{ .inputs.version }}" } });
    const preview = await dryRun({ ctx: ctx(), input: { action: "gitlab_deploy", body: { entity: "billing", inputs: { version: "1.4.2" } } } });
    expect(preview.target).toBe("GitLab platform/deploy/deployer → pipeline @ release");
    expect(preview.payload).toMatchObject({ variables: { SERVICE: "billing", VERSION: "1.4.2" } });
    const legacy = await dryRun({ ctx: ctx(), input: { action: "gitlab_legacy", body: { entity: "billing", inputs: { version: "2.0.0" } } } });
    const variables = (legacy.payload as { variables: Record<string, string> }).variables;
    expect(variables.version).toBe("2.0.0");
    expect(JSON.parse(variables.PORT_PAYLOAD!)).toMatchObject({ entity: { identifier: "billing" }, inputs: { version: "2.0.0" } });
    expect(JSON.parse(variables.PORT_PAYLOAD!).run).not.toHaveProperty("token");
    // Back to Port: the same GITLAB backend, and importing it again changes nothing.
    const { action, warnings } = toPortAction(rows.gitlab_deploy!);
    expect(warnings).toEqual([]);
    expect(action!.invocationMethod).toEqual({ type: "GITLAB", agent: true, groupName: "platform/deploy", projectName: "deployer", defaultRef: "release", pipelineVariables: { SERVICE: "{{ .entity.identifier }}", VERSION: "{{ .inputs.version }}" } });
    expect((await putAction({ ctx: ctx(), input: action })).unchanged).toBe(true);
    // A project named by its numeric id has no group and project name for Port.
    expect(toPortAction({ ...rows.gitlab_deploy!, invocation: { ...rows.gitlab_deploy!.invocation, project: "42" } }).warnings).toEqual([expect.stringContaining("not by id (42)")]);
    // Portico's own checks point into the Port JSON.
    const bad = await problemsOf(importPortActions({ ctx: ctx(), input: [gitlabAction({ pipelineVariables: { "NOT-A-NAME": "x" } }, "gitlab_bad")] }));
    expect(bad).toContainEqual(expect.objectContaining({ path: expect.stringMatching(/^\/0\/invocationMethod\/pipelineVariables/) }));
    await db.delete(actions).where(eq(actions.identifier, "gitlab_deploy"));
    await db.delete(actions).where(eq(actions.identifier, "gitlab_legacy"));
  });

  it("goes back to Port's JSON, and that JSON comes back identical", async () => {
    const before = await db.select().from(actions);
    const events = (await db.select().from(auditEvents)).length;
    for (const row of before) {
      const { action, warnings } = toPortAction(toActionJson(row));
      expect(warnings).toEqual([]);
      const saved = await putAction({ ctx: ctx(), input: action });
      expect(saved.unchanged).toBe(true);
    }
    expect((await db.select().from(auditEvents)).length).toBe(events);
    // What Port cannot say is named, not dropped silently.
    const portico = { ...toActionJson(before.find((r) => r.identifier === "scaffold_service")!), templateLanguage: undefined, invocation: { type: "kubernetes-job", cluster: "c", namespace: "n", jobTemplate: {} } };
    const refused = toPortAction(portico as never);
    expect(refused.action).toBeUndefined();
    expect(refused.warnings).toEqual(["action scaffold_service: Port has no backend for kubernetes-job invocations; the action is left out"]);
    const jsonata = toPortAction({ ...toActionJson(before.find((r) => r.identifier === "trigger_incident")!), templateLanguage: undefined });
    expect(jsonata).toEqual({ warnings: [expect.stringContaining("action trigger_incident: its templates are JSONata and Port reads jq; the action is left out")] });
  });
});
