import { z } from "zod";
import { actionInputSchema } from "../../actions/definition";
import { availableActions, createRun, dryRun, getRun, patchRun, postRunLog, runLogLines, runLogSchema, runPatchSchema, runRequestSchema, toRunJson } from "../../actions/runs";
import { deleteAction, getAction, putAction, toActionJson } from "../../actions/service";
import { creates, defineOperation, reads, removes, replaces } from "../contract/operation";
import { actionSchema, deletedSchema, dryRunSchema, runDetailSchema, runSchema } from "../contract/schemas";
import { flag } from "./query-flags";

const actionPath = z.object({ id: z.string().max(100).meta({ description: "Action identifier" }) });
const runPath = z.object({ id: z.string().max(100).meta({ description: "Run id (a UUID)" }) });

export const availableActionsOp = defineOperation({
  id: "actions.available",
  method: "GET",
  path: "/api/v1/actions",
  tag: "Actions",
  summary: "The actions a caller may run",
  description:
    "With `blueprint` and `entity`: the DAY-2 and DELETE actions of that entity whose permissions let the caller run them and whose condition the entity meets. Without `entity`: the actions of `operation` (default CREATE; of `blueprint`, or all) the caller may run (DAY-2 and DELETE ones on some entity, chosen when running).",
  auth: "token",
  role: "member",
  effect: reads,
  query: z.object({
    blueprint: z.string().max(100).optional().meta({ description: "The blueprint (required with entity)" }),
    entity: z.string().max(200).optional().meta({ description: "An entity's identifier" }),
    operation: z.enum(["CREATE", "DAY-2", "DELETE"]).optional().meta({ description: "Only actions of this operation (without entity: default CREATE)" }),
  }),
  responses: { 200: { description: "The actions, by blueprint and title", schema: z.strictObject({ items: z.array(actionSchema) }) } },
  handle: async ({ ctx, query }) => ({ body: { items: await availableActions({ ctx, input: query }) } }),
});

export const getActionOp = defineOperation({
  id: "actions.get",
  method: "GET",
  path: "/api/v1/actions/{id}",
  tag: "Actions",
  summary: "Get a self-service action",
  auth: "token",
  role: "member",
  effect: reads,
  params: actionPath,
  responses: { 200: { description: "The action", schema: actionSchema } },
  handle: async ({ ctx, params }) => ({ body: toActionJson(await getAction({ ctx, input: { identifier: params.id } })) }),
});

export const putActionOp = defineOperation({
  tool: "builder",
  id: "actions.put",
  method: "PUT",
  path: "/api/v1/actions/{id}",
  tag: "Actions",
  summary: "Create or replace a self-service action",
  description:
    "Invalid definitions (inputs that are not JSON Schema, unknown blueprints or teams, a condition on a CREATE action) get a 400 with paths. Port's action JSON (`trigger`, `invocationMethod` WEBHOOK | GITHUB | UPSERT_ENTITY, `requiredApproval`, jq templates) is read as written (docs/port-json.md); what Portico does not run is refused by Port's name at its Port path.",
  auth: "token",
  role: "admin",
  effect: replaces,
  params: actionPath,
  body: { schema: actionInputSchema, object: true, matchPath: { identifier: "id" } },
  responses: { 200: { description: "Replaced (or unchanged)", schema: actionSchema }, 201: { description: "Created", schema: actionSchema } },
  handle: async ({ ctx, params, body }) => {
    const saved = await putAction({ ctx, input: { ...(body as object), identifier: params.id } });
    return { status: saved.created ? 201 : 200, body: toActionJson(saved.action) };
  },
});

export const deleteActionOp = defineOperation({
  tool: "builder",
  id: "actions.delete",
  method: "DELETE",
  path: "/api/v1/actions/{id}",
  tag: "Actions",
  summary: "Delete a self-service action",
  auth: "token",
  role: "admin",
  effect: removes,
  params: actionPath,
  responses: { 200: { description: "Deleted", schema: deletedSchema } },
  handle: async ({ ctx, params }) => ({ body: await deleteAction({ ctx, input: { identifier: params.id } }) }),
});

export const runActionOp = defineOperation({
  id: "actions.run",
  method: "POST",
  path: "/api/v1/actions/{id}/runs",
  tag: "Runs",
  summary: "Run an action",
  description:
    "Any token whose role the action's permissions allow. Inputs are validated against the action's schema (400 with `/inputs/<name>` paths, no run created). Secret inputs (`format: secret`) are encrypted and masked everywhere. An action that needs approval waits for it (WAITING_FOR_APPROVAL). `?dryRun=true` returns `{type, target, payload}` and writes nothing.",
  auth: "token",
  role: "member",
  effect: creates,
  params: actionPath,
  query: z.object({ dryRun: flag("Render the payload and the target without running anything") }),
  headers: z.object({
    "idempotency-key": runRequestSchema.shape.idempotencyKey.meta({ description: "A retry with the same key returns the run it already created (200)" }),
  }),
  body: { schema: runRequestSchema.omit({ idempotencyKey: true }).meta({ examples: [{ entity: "payments-api", inputs: { version: "1.4.2", environment: "staging" } }] }) },
  errors: [409],
  responses: {
    201: { description: "The run, created", schema: runSchema },
    200: { description: "The run this Idempotency-Key already created; with dryRun, the rendered request", schema: z.union([runSchema, dryRunSchema]) },
  },
  confirmation: async ({ ctx, params, query, body }) => {
    if (query.dryRun) return null;
    const action = await getAction({ ctx, input: { identifier: params.id } });
    if (action.operation !== "DELETE") return null;
    const entity = (body as { entity?: unknown } | null)?.entity;
    return `Running "${action.title}" deletes ${typeof entity === "string" ? `${action.blueprint} ${entity}` : `a ${action.blueprint}`}.`;
  },
  handle: async ({ ctx, params, query, headers, body }) => {
    const key = headers["idempotency-key"];
    const request = key && body && typeof body === "object" && !Array.isArray(body) ? { ...body, idempotencyKey: key } : body;
    if (query.dryRun) return { body: await dryRun({ ctx, input: { action: params.id, body: request } }) };
    const { run, created } = await createRun({ ctx, input: { action: params.id, body: request } });
    return { status: created ? 201 : 200, body: toRunJson(run) };
  },
});

export const getRunOp = defineOperation({
  id: "runs.get",
  method: "GET",
  path: "/api/v1/runs/{id}",
  tag: "Runs",
  summary: "A run with its approvals and latest log lines",
  auth: "token",
  role: "member",
  effect: reads,
  params: runPath,
  responses: { 200: { description: "The run", schema: runDetailSchema } },
  handle: async ({ ctx, params }) => {
    // canApprove / canCancel / inputTitles are for the run page; the API returns the PRODUCT.md shape.
    const { canApprove: _approve, canCancel: _cancel, inputTitles: _titles, ...run } = await getRun({ ctx, input: { id: params.id } });
    void _approve;
    void _cancel;
    void _titles;
    return { body: { ...run, logs: await runLogLines({ ctx, input: { id: params.id, limit: 200 } }) } };
  },
});

const runReporting =
  "Authenticate with the run's own token (the payload carries it: `run.token` in templates, `PORTICO_RUN_TOKEN` in Jobs, `run.token` in the default webhook body) or an admin token.";

export const patchRunOp = defineOperation({
  id: "runs.report",
  method: "PATCH",
  path: "/api/v1/runs/{id}",
  tag: "Runs",
  summary: "Report on a run (from the system it was dispatched to)",
  description: `${runReporting} A final status is accepted once; later changes get 409.`,
  auth: "run",
  role: "member",
  effect: { readOnly: false, destructive: false, idempotent: true },
  params: runPath,
  body: { schema: runPatchSchema },
  errors: [409],
  responses: { 200: { description: "The run", schema: runSchema } },
  handle: async ({ ctx, params, body }) => ({ body: toRunJson(await patchRun({ ctx, input: { id: params.id, patch: body } })) }),
});

export const postRunLogOp = defineOperation({
  id: "runs.log",
  method: "POST",
  path: "/api/v1/runs/{id}/logs",
  tag: "Runs",
  summary: "Append a log line to a run",
  description: `${runReporting} Secret input values in the message are masked; \`terminationStatus\` ends the run.`,
  auth: "run",
  role: "member",
  effect: creates,
  params: runPath,
  body: { schema: runLogSchema },
  errors: [409],
  responses: { 201: { description: "The run", schema: runSchema } },
  handle: async ({ ctx, params, body }) => ({ status: 201, body: toRunJson(await postRunLog({ ctx, input: { id: params.id, body } })) }),
});
