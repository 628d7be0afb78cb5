/** The OpenAPI 3.1 description of REST API v1, served at /api/v1/openapi.json and rendered at /api-docs. */
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object, description = "OK") => ({ description, content: { "application/json": { schema } } });
const errors = {
  "400": json(ref("Error"), "Invalid input; `details` lists JSON-pointer paths. Nothing was written."),
  "401": json(ref("Error"), "Missing, unknown or revoked token"),
  "403": json(ref("Error"), "The token's role may not do this"),
  "404": json(ref("Error"), "Not found"),
  "429": {
    ...json(ref("Error"), "Over PORTICO_API_RATE_LIMIT requests a minute for this token (or address); nothing was done"),
    headers: { "Retry-After": { description: "Seconds until a request is accepted again", schema: { type: "integer" } } },
  },
};
const bp = { name: "bp", in: "path", required: true, schema: { type: "string" }, description: "Blueprint identifier" };
const id = { name: "id", in: "path", required: true, schema: { type: "string" }, description: "Entity identifier" };
const scorecardParam = { name: "id", in: "path", required: true, schema: { type: "string" }, description: "Scorecard identifier" };
const runParam = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" }, description: "Run id" };
const actionParam = { name: "id", in: "path", required: true, schema: { type: "string" }, description: "Action identifier" };
const query = { name: "query", in: "query", schema: { type: "string" }, description: "A Query as JSON (see the Query schema)" };

export type Operation = { summary: string; description?: string; parameters?: object[]; requestBody?: object; responses: Record<string, object> };

/** What a Port file import answers: the identifiers it created, updated and left unchanged. */
const portImportReport = {
  type: "object",
  properties: Object.fromEntries(["created", "updated", "unchanged"].map((k) => [k, { type: "array", items: { type: "string" } }])),
};

/** Port's `create_missing_related_entities` on entity writes. */
const createMissing = {
  name: "create_missing_related_entities",
  in: "query",
  schema: { type: "boolean" },
  description: "Port's flag: a relation to an entity that does not exist creates it (identifier only, as the same caller, audited); refused when the target blueprint requires properties",
};

export const openApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "Portico REST API",
    version: "1",
    description:
      "For automation: CI pipelines, scripts and exporters. Authenticate with `Authorization: Bearer <token>` " +
      "(tokens are created in Admin → API tokens, or configured with PORTICO_STATIC_TOKENS). JSON in and out; " +
      'errors are `{"error": {"code", "message", "details"?}}`. Bodies over 5 MiB are refused with 413.',
  },
  servers: [{ url: "/" }],
  security: [{ bearer: [] }],
  paths: {
    "/api/v1/blueprints": {
      get: { summary: "List blueprints", responses: { "200": json({ type: "object", properties: { items: { type: "array", items: ref("Blueprint") } } }), "401": errors["401"] } },
    },
    "/api/v1/blueprints/{bp}": {
      get: { summary: "Get a blueprint", parameters: [bp], responses: { "200": json(ref("Blueprint")), ...errors } },
      put: {
        summary: "Create or replace a blueprint",
        description: "Existing entities that the new definition makes invalid are kept and flagged (`validationErrors`). Admin tokens only.",
        parameters: [bp],
        requestBody: { required: true, content: { "application/json": { schema: ref("Blueprint") } } },
        responses: { "200": json(ref("Blueprint"), "Replaced"), "201": json(ref("Blueprint"), "Created"), ...errors },
      },
      delete: {
        summary: "Delete a blueprint",
        description: "A blueprint with entities needs `?confirm=true`; its entities are deleted with it. Built-in blueprints cannot be deleted.",
        parameters: [bp, { name: "confirm", in: "query", schema: { type: "boolean" } }],
        responses: { "200": json({ type: "object" }), "409": json(ref("Error"), "Has entities (confirm), is built in, or is a relation target"), ...errors },
      },
    },
    "/api/v1/blueprints/{bp}/entities": {
      get: {
        summary: "Search entities",
        description: "Filtered, sorted, keyset-paginated. Pass `nextCursor` back as `cursor` for the next page.",
        parameters: [
          bp,
          query,
          { name: "q", in: "query", schema: { type: "string" }, description: "Full text over identifier, title and string properties; words match as prefixes" },
          { name: "sort", in: "query", schema: { type: "string", default: "$identifier" }, description: "<property or $identifier|$title|$createdAt|$updatedAt>[:asc|desc]" },
          { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 1000, default: 50 } },
          { name: "cursor", in: "query", schema: { type: "string" } },
        ],
        responses: { "200": json(ref("EntityPage")), ...errors },
      },
      post: {
        summary: "Create an entity",
        parameters: [bp, createMissing, { name: "upsert", in: "query", schema: { type: "boolean" }, description: "Port's flag: replace the entity if it exists (200) instead of 409" }],
        requestBody: { required: true, content: { "application/json": { schema: ref("Entity") } } },
        responses: { "201": json(ref("Entity"), "Created"), "409": json(ref("Error"), "The identifier exists"), ...errors },
      },
    },
    "/api/v1/blueprints/{bp}/entities/{id}": {
      get: { summary: "Get an entity", parameters: [bp, id], responses: { "200": json(ref("Entity")), ...errors } },
      put: {
        summary: "Create or replace an entity",
        parameters: [bp, id, createMissing],
        requestBody: { required: true, content: { "application/json": { schema: ref("Entity") } } },
        responses: { "200": json(ref("Entity"), "Replaced"), "201": json(ref("Entity"), "Created"), ...errors },
      },
      patch: {
        summary: "Update an entity",
        description: "`properties` and `relations` merge key by key (null removes a key); `title` and `team` replace.",
        parameters: [bp, id],
        requestBody: { required: true, content: { "application/json": { schema: ref("EntityPatch") } } },
        responses: { "200": json(ref("Entity")), ...errors },
      },
      delete: { summary: "Delete an entity", parameters: [bp, id], responses: { "204": { description: "Deleted" }, ...errors } },
    },
    "/api/v1/blueprints/{bp}/entities/bulk": {
      post: {
        summary: "Upsert up to 1,000 entities",
        description: "All are written or none: a 400 lists every problem with the item's index first in the path (`/3/properties/url`). The body is a list, or Port's `{entities: [...]}`.",
        parameters: [bp, createMissing],
        requestBody: { required: true, content: { "application/json": { schema: { type: "array", maxItems: 1000, items: ref("Entity") } } } },
        responses: {
          "200": json({ type: "object", properties: { created: { type: "integer" }, updated: { type: "integer" }, unchanged: { type: "integer", description: "Written exactly as stored: left alone, updatedAt kept, no audit event" }, items: { type: "array", items: ref("Entity") } } }),
          "413": json(ref("Error"), "Body too large"),
          ...errors,
        },
      },
    },
    "/api/v1/blueprints/{bp}/facets": {
      get: {
        summary: "Count values of a property",
        parameters: [bp, { name: "property", in: "query", required: true, schema: { type: "string" }, description: "A property identifier or $team" }, query],
        responses: { "200": json(ref("Facets")), ...errors },
      },
    },
    "/api/v1/blueprints/{bp}/scorecards/{id}": {
      get: { summary: "Get a scorecard", parameters: [bp, scorecardParam], responses: { "200": json(ref("Scorecard")), ...errors } },
      put: {
        summary: "Create or replace a scorecard",
        description: "Admin tokens only. The blueprint's entities are scored in the same request; invalid definitions get a 400 with paths.",
        parameters: [bp, scorecardParam],
        requestBody: { required: true, content: { "application/json": { schema: ref("Scorecard") } } },
        responses: { "200": json(ref("Scorecard"), "Replaced"), "201": json(ref("Scorecard"), "Created"), ...errors },
      },
      delete: { summary: "Delete a scorecard with its results", parameters: [bp, scorecardParam], responses: { "200": { description: "Deleted" }, ...errors } },
    },
    "/api/v1/blueprints/{bp}/entities/{id}/scorecards": {
      get: {
        summary: "An entity's scorecard results",
        description: "Per scorecard of the blueprint: level, score, each rule passed or failed since when, and the rules blocking the next level.",
        parameters: [bp, id],
        responses: { "200": json({ type: "object", properties: { items: { type: "array", items: { type: "object" } } } }), ...errors },
      },
    },
    "/api/v1/actions/{id}": {
      get: { summary: "Get a self-service action", parameters: [actionParam], responses: { "200": json(ref("Action")), ...errors } },
      put: {
        summary: "Create or replace a self-service action",
        description:
          "Admin tokens only. Invalid definitions (inputs that are not JSON Schema, unknown blueprints or teams, a condition on a CREATE action) get a 400 with paths. Port's action JSON (`trigger`, `invocationMethod` WEBHOOK | GITHUB | UPSERT_ENTITY, `requiredApproval`, jq templates) is read as written (docs/port-json.md); what Portico does not run is refused by Port's name at its Port path.",
        parameters: [actionParam],
        requestBody: { required: true, content: { "application/json": { schema: ref("Action") } } },
        responses: { "200": json(ref("Action"), "Replaced"), "201": json(ref("Action"), "Created"), ...errors },
      },
      delete: { summary: "Delete a self-service action", parameters: [actionParam], responses: { "200": { description: "Deleted" }, ...errors } },
    },
    "/api/v1/actions/{id}/runs": {
      post: {
        summary: "Run an action",
        description:
          "Any token whose role the action's permissions allow. `{entity?, inputs}`; inputs are validated against the action's schema (400 with `/inputs/<name>` paths, no run created). Secret inputs (`format: secret`) are encrypted and masked everywhere. An `Idempotency-Key` header makes retries return the same run (200). `?dryRun=true` returns `{type, target, payload}` and writes nothing.",
        parameters: [actionParam, { name: "dryRun", in: "query", schema: { type: "boolean" } }, { name: "Idempotency-Key", in: "header", schema: { type: "string" } }],
        requestBody: { required: true, content: { "application/json": { schema: { type: "object", properties: { entity: { type: "string" }, inputs: { type: "object" } } } } } },
        responses: { "201": json(ref("Run"), "Created"), "200": json(ref("Run"), "The run this Idempotency-Key already created"), ...errors },
      },
    },
    "/api/v1/runs/{id}": {
      get: { summary: "A run with its approvals and latest log lines", parameters: [runParam], responses: { "200": json(ref("Run")), ...errors } },
      patch: {
        summary: "Report on a run (from the system it was dispatched to)",
        description:
          "Authenticate with the run's own token (the payload carries it: `run.token` in templates, `PORTICO_RUN_TOKEN` in Jobs, `run.token` in the default webhook body) or an admin token. `{status?: IN_PROGRESS|SUCCESS|FAILURE, statusLabel?, link?, summary?, entities?: [{blueprint, identifier}]}`. A final status is accepted once; later changes get 409.",
        parameters: [runParam],
        requestBody: { required: true, content: { "application/json": { schema: { type: "object" } } } },
        responses: { "200": json(ref("Run")), ...errors },
      },
    },
    "/api/v1/runs/{id}/logs": {
      post: {
        summary: "Append a log line to a run",
        description: "Same authentication as PATCH. `{message, terminationStatus?: SUCCESS|FAILURE}`; secret input values in the message are masked.",
        parameters: [runParam],
        requestBody: { required: true, content: { "application/json": { schema: { type: "object", required: ["message"], properties: { message: { type: "string" }, terminationStatus: { enum: ["SUCCESS", "FAILURE"] } } } } } },
        responses: { "201": json(ref("Run")), ...errors },
      },
    },
    "/api/v1/deployments": {
      post: {
        summary: "Record a deployment",
        description:
          "For CI systems Portico does not watch. Admin tokens (or a user of the service's owning team). `service` and `environment` must exist in the catalog (400 names the one that does not). `status` defaults to SUCCESS; `commitAt` feeds lead time for changes. Audited as `deployment.create`.",
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["service", "environment", "version"],
                additionalProperties: false,
                properties: {
                  service: { type: "string" },
                  environment: { type: "string" },
                  version: { type: "string" },
                  commitSha: { type: "string", pattern: "^[0-9a-fA-F]{7,64}$" },
                  commitAt: { type: "string", format: "date-time" },
                  status: { enum: ["IN_PROGRESS", "SUCCESS", "FAILURE"] },
                  startedAt: { type: "string", format: "date-time" },
                  finishedAt: { type: "string", format: "date-time" },
                  url: { type: "string", format: "uri" },
                },
              },
            },
          },
        },
        responses: { "201": json(ref("Deployment"), "Recorded"), ...errors },
      },
    },
    "/api/v1/import/backstage": {
      post: {
        summary: "Import Backstage catalog-info.yaml",
        description:
          "Multi-document YAML, or JSON {files: [{path, content}]} for several files (Location targets and $text/$json/$yaml substitutions resolve between them). Component → service, API → api, System, Domain, Resource, Group → team (tree), User. Every field is kept (docs/backstage-import.md). `dryRun=true` answers the plan and changes nothing; `mode=atomic` (default) writes nothing when a document has errors (400 with every problem), `mode=valid` imports the valid documents. An identical re-import changes nothing. Admin tokens only.",
        parameters: [
          { name: "dryRun", in: "query", schema: { type: "boolean" } },
          { name: "mode", in: "query", schema: { type: "string", enum: ["atomic", "valid"] } },
          { name: "progress", in: "query", schema: { type: "string", format: "uuid" }, description: "An id you choose: GET /api/v1/import/progress/{id} tells how far the import is while it runs" },
        ],
        requestBody: {
          required: true,
          content: {
            "application/yaml": { schema: { type: "string" } },
            "application/json": {
              schema: { type: "object", properties: { files: { type: "array", items: { type: "object", properties: { path: { type: "string" }, content: { type: "string" } }, required: ["path", "content"] } } }, required: ["files"] },
            },
          },
        },
        responses: { "200": json(ref("ImportReport")), ...errors },
      },
    },
    "/api/v1/import/port/blueprints": {
      post: {
        summary: "Import Port's blueprints file",
        description: "A list of blueprints in Port's JSON, in any order (relations, mirror and aggregation properties may point at blueprints later in the list). Each is saved as PUT /api/v1/blueprints/{id} would; all, or none with every problem under its place. Admin tokens only.",
        requestBody: { required: true, content: { "application/json": { schema: { type: "array", items: ref("Blueprint") } } } },
        responses: { "200": json(portImportReport), ...errors },
      },
    },
    "/api/v1/import/port/scorecards": {
      post: {
        summary: "Import Port's scorecards file",
        description:
          'Port\'s JSON as its integrations publish it: [{"blueprint", "data": [scorecards]}] (or scorecards each naming "blueprint"). Read as written: levels optional (Port\'s Basic, Bronze, Silver, Gold), queries with "conditions" and "$team"/"$identifier"/"$title"/"$createdAt"/"$updatedAt" properties, a "$blueprint = <this blueprint>" filter condition. All saved, or none: 400 with every problem under its place in the file. Admin tokens only.',
        requestBody: { required: true, content: { "application/json": { schema: { type: "array", items: { type: "object" } } } } },
        responses: { "200": json(portImportReport), ...errors },
      },
    },
    "/api/v1/import/port/actions": {
      post: {
        summary: "Import Port's actions",
        description:
          'A list of Port actions as `POST /v1/actions` takes them (or the older `[{"blueprint", "data": [actions]}]`), each read as `PUT /api/v1/actions/{id}` reads Port JSON. All saved, or none: 400 with every problem under its place in the file. Admin tokens only.',
        requestBody: { required: true, content: { "application/json": { schema: { type: "array", items: { type: "object" } } } } },
        responses: { "200": json(portImportReport), ...errors },
      },
    },
    "/api/v1/import/progress/{id}": {
      get: {
        summary: "How far an import is",
        description: "For an import started with `?progress=<id>`: `{phase: reading | planning | writing | finishing | done | failed, done, total, startedBy, startedAt, updatedAt}`, updated at most every 250 ms while it runs. Admin tokens only.",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
        responses: { "200": json({ type: "object" }), ...errors },
      },
    },
    "/api/v1/import/port/catalog": {
      post: {
        summary: "Import a Port JSON export document",
        description:
          "The document GET /api/v1/export/port writes: {blueprints, teams: [{name, description, users: [emails]}], entities: [{identifier, title, blueprint, team: [team names], properties, relations}], scorecards: [{blueprint, data}], actions}; any part may be left out. One transaction, in that order; all or nothing (400 with every problem of the first part that has some, under its path). An identical re-import changes nothing. Up to 32 MB. Admin tokens only.",
        requestBody: { required: true, content: { "application/json": { schema: { type: "object" } } } },
        responses: { "200": json({ type: "object", description: "Per part: created, updated, unchanged" }), ...errors },
      },
    },
    "/api/v1/export/port": {
      get: {
        summary: "Export the configuration and catalog as Port JSON",
        description:
          "Blueprints, teams (named as Port names them), entities, scorecards (Port's conditions spelling) and actions (Port's trigger/invocationMethod) in one document, plus `warnings`: everything Port cannot hold (team trees, rule weights, approvers beyond admins, and actions Port cannot run as they are, which are left out). Importing it gives the same document. Admin tokens only.",
        responses: { "200": json({ type: "object" }), ...errors },
      },
    },
    "/api/v1/export/backstage": {
      get: {
        summary: "Export the catalog as Backstage YAML",
        description: "Every entity of the Backstage-shaped blueprints (service, api, system, domain, resource), every team as a Group (tree, profile, members) and their users, as multi-document YAML. Importing it gives the same catalog. Admin tokens only.",
        responses: { "200": { description: "catalog-info.yaml", content: { "application/yaml": { schema: { type: "string" } } } }, ...errors },
      },
    },
    "/api/v1/audit-log": {
      get: {
        summary: "Read the audit log",
        description: "Newest first. Admin tokens only.",
        parameters: ["from", "to", "actor", "resourceType", "resourceId", "action", "cursor"]
          .map((name) => ({ name, in: "query", schema: { type: "string" } }))
          .concat([{ name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 200 } } as never]),
        responses: { "200": json({ type: "object", properties: { items: { type: "array", items: ref("AuditEvent") }, nextCursor: { type: ["string", "null"] } } }), ...errors },
      },
    },
    "/api/v1/openapi.json": { get: { summary: "This document", security: [], responses: { "200": { description: "OpenAPI 3.1" } } } },
    "/api/health": { get: { summary: "Liveness", security: [], responses: { "200": { description: "The process answers" } } } },
    "/api/health/ready": { get: { summary: "Readiness", security: [], responses: { "200": { description: "Database reachable, migrations applied" }, "503": { description: "Not ready" } } } },
  } as Record<string, Record<string, Operation>>,
  components: {
    securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
    schemas: {
      Error: {
        type: "object",
        properties: {
          error: {
            type: "object",
            required: ["code", "message"],
            properties: {
              code: { type: "string" },
              message: { type: "string" },
              details: { type: "array", items: { type: "object", properties: { path: { type: "string" }, message: { type: "string" } } } },
            },
          },
        },
      },
      Blueprint: {
        type: "object",
        required: ["identifier", "title"],
        properties: {
          identifier: { type: "string", pattern: "^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$" },
          title: { type: "string" },
          icon: { type: "string" },
          description: { type: "string" },
          schema: {
            type: "object",
            properties: {
              properties: {
                type: "object",
                additionalProperties: {
                  type: "object",
                  properties: {
                    type: { enum: ["string", "number", "boolean", "array", "object"] },
                    format: { enum: ["url", "email", "date-time", "markdown", "yaml", "user", "team", "ipv4", "ipv6", "timer", "proto"] },
                    icon: { type: "string" },
                    spec: { enum: ["open-api", "async-api", "embedded-url"] },
                  },
                },
              },
              required: { type: "array", items: { type: "string" } },
            },
          },
          relations: { type: "object", additionalProperties: { type: "object", required: ["target"], properties: { title: { type: "string" }, description: { type: "string" }, target: { type: "string" }, many: { type: "boolean" }, required: { type: "boolean" } } } },
          mirrorProperties: { type: "object", additionalProperties: { type: "object", properties: { title: { type: "string" }, path: { type: "string" } } } },
          calculationProperties: {
            type: "object",
            description: "Port's calculation properties: a jq expression over the entity, computed when read and returned among its properties",
            additionalProperties: { type: "object", required: ["calculation", "type"], properties: { title: { type: "string" }, calculation: { type: "string" }, type: { type: "string" }, format: { type: "string" } } },
          },
          aggregationProperties: {
            type: "object",
            description: "Port's aggregation properties: count, or sum/average/min/max/median of a number property, over the related entities of `target` (matching `query`), computed in SQL when read",
            additionalProperties: { type: "object", required: ["type", "target", "calculationSpec"], properties: { title: { type: "string" }, type: { const: "number" }, target: { type: "string" }, calculationSpec: { type: "object" }, query: { type: "object" } } },
          },
          ownership: { type: "object", description: 'Port\'s ownership: only {"type": "Direct"} (owners on each entity)' },
        },
      },
      Entity: {
        type: "object",
        required: ["identifier"],
        properties: {
          identifier: { type: "string" },
          title: { type: ["string", "null"] },
          blueprint: { type: "string", readOnly: true },
          team: { oneOf: [{ type: "string" }, { type: "array", items: { type: "string" } }] },
          properties: { type: "object" },
          relations: { type: "object", additionalProperties: { oneOf: [{ type: "string" }, { type: "array", items: { type: "string" } }, { type: "null" }] } },
          createdAt: { type: "string", format: "date-time", readOnly: true },
          createdBy: { type: "string", readOnly: true },
          updatedAt: { type: "string", format: "date-time", readOnly: true },
          updatedBy: { type: "string", readOnly: true },
          validationErrors: { type: "array", readOnly: true, description: "Present when a blueprint change made the entity invalid" },
        },
      },
      EntityPatch: { type: "object", properties: { title: { type: ["string", "null"] }, team: { type: "array", items: { type: "string" } }, properties: { type: "object" }, relations: { type: "object" } } },
      Scorecard: {
        type: "object",
        required: ["identifier", "title", "levels", "rules"],
        properties: {
          identifier: { type: "string" },
          title: { type: "string" },
          blueprint: { type: "string", readOnly: true },
          description: { type: "string" },
          filter: { ...ref("Query"), description: "Which entities are scored (all when absent)" },
          levels: { type: "array", minItems: 1, description: "Ordered; the first is the floor", items: { type: "object", properties: { title: { type: "string" }, color: { type: "string" } } } },
          rules: {
            type: "array",
            items: {
              type: "object",
              required: ["identifier", "title", "level", "query"],
              properties: { identifier: { type: "string" }, title: { type: "string" }, description: { type: "string" }, level: { type: "string", description: "A level's title" }, weight: { type: "number" }, query: ref("Query") },
            },
          },
        },
      },
      Action: {
        type: "object",
        required: ["identifier", "title", "blueprint", "operation", "invocation"],
        properties: {
          identifier: { type: "string" },
          title: { type: "string" },
          icon: { type: "string" },
          description: { type: "string" },
          blueprint: { type: "string" },
          operation: { enum: ["CREATE", "DAY-2", "DELETE"] },
          condition: { ...ref("Query"), description: "DAY-2 and DELETE: on which entities the action appears" },
          userInputs: {
            type: "object",
            description:
              "JSON Schema: {properties, required, order?, steps?: [{title, properties}]}. `format: entity` with `blueprint` (and optional `dataset` Query) makes an entity picker; `format: team`, `user`, `secret`; `visible: {property, operator: = != in isEmpty isNotEmpty, value}` shows a field only while it holds; `dependsOn: [input]` waits for other inputs; a `default` may be a template over the entity.",
          },
          invocation: {
            type: "object",
            description:
              "`type` github-workflow {owner, repo, workflow, ref, inputs} (the workflow declares the `portico_run_id` input and puts it in its `run-name`) | kubernetes-job {cluster, namespace, jobTemplate} | webhook {url, method, headers, body, signed, synchronized} (signed: `X-Portico-Signature: t=<unix>,v1=<hex HMAC-SHA256 of \"t.body\">`; `Idempotency-Key` is the run id) | upsert-entity {blueprint, mapping} | github-repository {templateOwner, templateRepo, owner, name, private, catalogInfo?, register?}. Any string may hold `{{ JSONata }}` over {inputs, entity, user, run, action}.",
          },
          approval: { type: "object", properties: { required: { type: "boolean" }, approvers: { type: "object" } } },
          permissions: { type: "object", properties: { execute: { type: "object" } } },
          templateLanguage: { enum: ["jsonata", "jq"], description: "The language of `{{ }}` templates (default jsonata). jq templates see Port's payload: `.inputs` (an entity picker's value is the entity), `.entity`, `.trigger.by.user.email`, `.run.id`, `.action.identifier`." },
        },
      },
      Run: {
        type: "object",
        properties: {
          id: { type: "string", format: "uuid" },
          action: { type: "string" },
          entity: { type: "string" },
          inputs: { type: "object", description: "Secret inputs are masked" },
          status: { enum: ["WAITING_FOR_APPROVAL", "DECLINED", "QUEUED", "IN_PROGRESS", "SUCCESS", "FAILURE", "CANCELLED"] },
          statusLabel: { type: "string" },
          link: { type: "string" },
          summary: { type: "string" },
          affectedEntities: { type: "array", items: { type: "object" } },
          requestedBy: { type: "object" },
          approvals: { type: "array", items: { type: "object" } },
          logs: { type: "array", items: { type: "object" } },
          createdAt: { type: "string" },
          startedAt: { type: ["string", "null"] },
          finishedAt: { type: ["string", "null"] },
        },
      },
      Deployment: {
        type: "object",
        properties: {
          id: { type: "string", format: "uuid" },
          service: { type: "string" },
          environment: { type: "string" },
          environmentType: { type: ["string", "null"] },
          version: { type: "string" },
          commitSha: { type: ["string", "null"] },
          commitAt: { type: ["string", "null"] },
          status: { enum: ["IN_PROGRESS", "SUCCESS", "FAILURE"] },
          startedAt: { type: "string" },
          finishedAt: { type: ["string", "null"] },
          source: { enum: ["kubernetes", "action", "api", "demo"] },
          actor: { type: ["string", "null"] },
          url: { type: ["string", "null"] },
          runId: { type: ["string", "null"] },
        },
      },
      EntityPage: { type: "object", properties: { items: { type: "array", items: ref("Entity") }, total: { type: "integer" }, nextCursor: { type: ["string", "null"] } } },
      Facets: { type: "object", properties: { property: { type: "string" }, values: { type: "array", items: { type: "object", properties: { value: {}, count: { type: "integer" } } } } } },
      Query: {
        type: "object",
        description:
          'Filters: `{"combinator": "and"|"or", "rules": [Condition | Query]}`; a Condition is `{property | relation | meta, operator, value?}` with operators = != < > <= >= contains containsAny doesNotContain beginsWith doesNotBeginWith endsWith doesNotEndWith isEmpty isNotEmpty in between; meta is $identifier, $title, $team, $createdAt or $updatedAt. Beyond Port, a rule may compare two properties of the entity, `{"property": "replicas", "operator": ">=", "valueFrom": {"property": "minReplicas"}}`, or ask about related entities, `{"related": "<relation>" | "$team", "query": Query}` (at least one related entity matches; for $team, the owning teams\' team entities).',
      },
      ImportItem: { type: "object", properties: { kind: { type: "string" }, identifier: { type: "string" }, document: { type: "integer" } } },
      ImportReport: {
        type: "object",
        properties: {
          dryRun: { type: "boolean" },
          applied: { type: "boolean" },
          mode: { type: "string", enum: ["atomic", "valid"] },
          documents: { type: "integer" },
          blueprints: { type: "array", items: { type: "object", properties: { identifier: { type: "string" }, change: { type: "string", enum: ["create", "update"] }, details: { type: "array", items: { type: "string" } } } } },
          created: { type: "array", items: ref("ImportItem") },
          updated: { type: "array", items: ref("ImportItem") },
          unchanged: { type: "array", items: ref("ImportItem") },
          skipped: { type: "array", items: { type: "object", properties: { document: { type: "integer" }, file: { type: "string" }, ref: { type: "string" }, reason: { type: "string" } } } },
          problems: {
            type: "array",
            items: {
              type: "object",
              properties: {
                severity: { type: "string", enum: ["error", "warning"] },
                document: { type: "integer", description: "1-based, across the upload's files" },
                file: { type: "string" },
                ref: { type: "string", description: "kind:namespace/name" },
                pointer: { type: "string", description: "JSON pointer into the document" },
                message: { type: "string" },
              },
            },
          },
        },
      },
      AuditEvent: { type: "object", properties: { id: { type: "integer" }, at: { type: "string" }, actorId: { type: "string" }, actorLabel: { type: "string" }, action: { type: "string" }, resourceType: { type: "string" }, resourceId: { type: "string" }, before: {}, after: {}, diff: {}, origin: { type: "string" }, requestId: { type: "string" } } },
    },
  },
};
