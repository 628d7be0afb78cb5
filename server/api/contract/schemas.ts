import { z } from "zod";
import { invocationSchema } from "../../actions/definition";

/**
 * The JSON Portico answers with, as the API's clients see it (dates as ISO strings). Request bodies
 * are the services' own input schemas (blueprintInputSchema, entityInputSchema, …); these describe
 * what comes back. A schema with an `id` is a named component of the OpenAPI document. The contract
 * tests hold every answer the integration tests receive against these.
 */

const dateTime = z.iso.datetime({ offset: true });
const json = z.record(z.string(), z.unknown());
const ids = z.array(z.string());

export const errorSchema = z
  .strictObject({
    error: z.strictObject({
      code: z.enum(["VALIDATION", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "PAYLOAD_TOO_LARGE", "RATE_LIMITED", "INTERNAL"]),
      message: z.string(),
      details: z
        .array(
          z.strictObject({
            path: z.string().meta({ description: "JSON pointer into the request: the body (`/properties/url`), `/query/<name>`, `/path/<name>` or `/headers/<name>`" }),
            message: z.string(),
            document: z.int().optional().meta({ description: "An import's document, 1-based across the upload" }),
            ref: z.string().optional().meta({ description: "An import document's kind:namespace/name" }),
          }),
        )
        .optional(),
    }),
  })
  .meta({ id: "Error", description: "Every error: nothing was written. `details` lists each problem with its place." });

export const queryDescription =
  'Filters: `{"combinator": "and"|"or", "rules": [Condition | Query]}`; a Condition is `{property | relation | meta, operator, value?}` with operators = != < > <= >= contains containsAny doesNotContain beginsWith doesNotBeginWith endsWith doesNotEndWith isEmpty isNotEmpty in between; meta is $identifier, $title, $team, $createdAt or $updatedAt. Beyond Port, a rule may compare two properties of the entity, `{"property": "replicas", "operator": ">=", "valueFrom": {"property": "minReplicas"}}`, or ask about related entities, `{"related": "<relation>" | "$team", "query": Query}` (at least one related entity matches; for $team, the owning teams\' team entities). Port\'s spelling (`conditions`, `$`-properties) is read too.';

const who = { createdAt: dateTime, createdBy: z.string(), updatedAt: dateTime, updatedBy: z.string() };

export const entitySchema = z
  .strictObject({
    identifier: z.string(),
    title: z.string().nullable(),
    blueprint: z.string(),
    team: z.array(z.string()),
    properties: json.meta({ description: "The blueprint's properties; reads (get, search) add its calculation and aggregation properties, computed then" }),
    relations: z.record(z.string(), z.union([z.string(), z.array(z.string()), z.null()])),
    ...who,
    validationErrors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .meta({ description: "Present when a blueprint change made the entity invalid" }),
  })
  .meta({ id: "Entity" });

export const entityPageSchema = z
  .strictObject({
    items: z.array(entitySchema),
    total: z.int().meta({ description: "How many entities match, on every page" }),
    nextCursor: z.string().nullable().meta({ description: "Pass back as `cursor` for the next page; null on the last" }),
  })
  .meta({ id: "EntityPage" });

export const facetsSchema = z
  .strictObject({ property: z.string(), values: z.array(z.strictObject({ value: z.unknown(), count: z.int() })) })
  .meta({ id: "Facets" });

export const bulkResultSchema = z.strictObject({
  created: z.int(),
  updated: z.int(),
  unchanged: z.int().meta({ description: "Written exactly as stored: left alone, updatedAt kept, no audit event" }),
  items: z.array(entitySchema),
});

export const blueprintSchema = z
  .strictObject({
    identifier: z.string(),
    title: z.string(),
    icon: z.string().nullable(),
    description: z.string().nullable(),
    schema: z.strictObject({ properties: z.record(z.string(), json), required: ids }),
    relations: z.record(z.string(), json),
    mirrorProperties: z.record(z.string(), json),
    calculationProperties: z.record(z.string(), json).meta({ description: "Port's calculation properties: jq over the entity, computed when read" }),
    aggregationProperties: z.record(z.string(), json).meta({ description: "Port's aggregation properties: count, sum, average, min, max or median over related entities, computed in SQL when read" }),
    ...who,
  })
  .meta({ id: "Blueprint" });

export const savedBlueprintSchema = blueprintSchema.extend({
  invalidEntities: z.int().meta({ description: "Existing entities the definition makes invalid: kept and flagged with `validationErrors`" }),
});

export const scorecardSchema = z
  .strictObject({
    identifier: z.string(),
    title: z.string(),
    blueprint: z.string(),
    description: z.string().optional(),
    filter: json.optional().meta({ description: `Which entities are scored (all when absent). ${queryDescription}` }),
    levels: z.array(z.object({ title: z.string(), color: z.string() })).meta({ description: "Ordered; the first is the floor" }),
    rules: z.array(json).meta({ description: "{identifier, title, description?, level (a level's title), weight?, query}" }),
  })
  .meta({ id: "Scorecard" });

const ruleResult = z.strictObject({
  identifier: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  level: z.string(),
  weight: z.number(),
  passed: z.boolean(),
  since: z.string().nullable(),
});
const level = z.object({ title: z.string(), color: z.string() });
export const entityScorecardsSchema = z.strictObject({
  items: z.array(
    z.union([
      z.strictObject({ identifier: z.string(), title: z.string(), levels: z.array(level), applies: z.literal(false) }),
      z.strictObject({
        identifier: z.string(),
        title: z.string(),
        levels: z.array(level),
        applies: z.literal(true),
        level,
        levelIndex: z.int(),
        score: z.number(),
        rules: z.array(ruleResult),
        nextLevel: level.nullable(),
        toNextLevel: ids.meta({ description: "The rules to pass for the next level" }),
      }),
    ]),
  ),
});

export const actionSchema = z
  .strictObject({
    identifier: z.string(),
    title: z.string(),
    icon: z.string().optional(),
    description: z.string().optional(),
    blueprint: z.string(),
    operation: z.enum(["CREATE", "DAY-2", "DELETE"]),
    condition: json.optional(),
    userInputs: json,
    invocation: json.meta({ description: `\`type\` ${invocationSchema.options.map((o) => o.shape.type.value).join(" | ")}, with its settings` }),
    approval: json.optional(),
    permissions: json.optional(),
    templateLanguage: z.literal("jq").optional().meta({ description: "Present when the templates are jq (JSONata otherwise)" }),
  })
  .meta({ id: "Action" });

const runStatus = z.enum(["WAITING_FOR_APPROVAL", "DECLINED", "QUEUED", "IN_PROGRESS", "SUCCESS", "FAILURE", "CANCELLED"]);
export const runSchema = z
  .strictObject({
    id: z.uuid(),
    action: z.string(),
    actionTitle: z.string(),
    blueprint: z.string(),
    entity: z.string().optional(),
    inputs: json.meta({ description: "Secret inputs are masked" }),
    status: runStatus,
    statusLabel: z.string().optional(),
    link: z.string().optional(),
    summary: z.string().optional(),
    affectedEntities: z.array(z.object({ blueprint: z.string(), identifier: z.string() })),
    requestedBy: z.strictObject({ id: z.string(), label: z.string() }),
    approvals: z.array(z.strictObject({ by: z.string(), decision: z.enum(["APPROVED", "DECLINED"]), comment: z.string().nullable(), at: dateTime })),
    invocationType: z.string(),
    createdAt: dateTime,
    startedAt: dateTime.nullable(),
    finishedAt: dateTime.nullable(),
    updatedAt: dateTime,
  })
  .meta({ id: "Run" });

export const runLogLineSchema = z.strictObject({ id: z.int(), at: dateTime, level: z.string(), source: z.string(), message: z.string() });

export const runDetailSchema = runSchema.extend({
  url: z.string().meta({ description: "The run's page in the portal" }),
  logs: z.array(runLogLineSchema).meta({ description: "The latest 200 log lines, newest first" }),
});

export const dryRunSchema = z.strictObject({ type: z.string(), target: z.unknown(), payload: z.unknown() });

export const deploymentSchema = z
  .strictObject({
    id: z.uuid(),
    service: z.string(),
    environment: z.string(),
    environmentType: z.string().nullable(),
    version: z.string(),
    commitSha: z.string().nullable(),
    commitAt: dateTime.nullable(),
    status: z.enum(["IN_PROGRESS", "SUCCESS", "FAILURE"]),
    startedAt: dateTime,
    finishedAt: dateTime.nullable(),
    source: z.enum(["kubernetes", "action", "api", "demo"]),
    actor: z.string().nullable(),
    url: z.string().nullable(),
    runId: z.string().nullable(),
  })
  .meta({ id: "Deployment" });

export const auditEventSchema = z
  .strictObject({
    id: z.int(),
    at: dateTime,
    actorId: z.string(),
    actorLabel: z.string(),
    action: z.string().meta({ description: "<resource>.<verb>" }),
    resourceType: z.string(),
    resourceId: z.string(),
    before: z.unknown(),
    after: z.unknown(),
    diff: z.unknown(),
    origin: z.enum(["ui", "api", "integration", "system", "action"]),
    requestId: z.string(),
    clientRequestId: z.string().nullable(),
    ip: z.string().nullable(),
  })
  .meta({ id: "AuditEvent" });

export const auditPageSchema = z.strictObject({ items: z.array(auditEventSchema), nextCursor: z.string().nullable() });

const importItem = z.strictObject({ kind: z.string(), identifier: z.string(), document: z.int(), blueprint: z.string().optional(), file: z.string().optional() });
export const importReportSchema = z
  .strictObject({
    dryRun: z.boolean(),
    applied: z.boolean().meta({ description: "Whether the catalog changed (false for a dry run, and for an atomic import with errors)" }),
    mode: z.enum(["atomic", "valid"]),
    documents: z.int(),
    blueprints: z.array(z.strictObject({ identifier: z.string(), change: z.enum(["create", "update"]), details: ids })),
    created: z.array(importItem),
    updated: z.array(importItem),
    unchanged: z.array(importItem),
    skipped: z.array(z.strictObject({ document: z.int(), file: z.string().optional(), ref: z.string().optional(), reason: z.string() })),
    problems: z.array(
      z.strictObject({
        severity: z.enum(["error", "warning"]),
        document: z.int().optional().meta({ description: "1-based, across the upload's files" }),
        file: z.string().optional(),
        ref: z.string().optional().meta({ description: "kind:namespace/name" }),
        pointer: z.string().optional().meta({ description: "JSON pointer into the document" }),
        message: z.string(),
      }),
    ),
  })
  .meta({ id: "ImportReport" });

export const changedIdsSchema = z.strictObject({ created: ids, updated: ids, unchanged: ids }).meta({ id: "ImportChanges", description: "The identifiers an import created, updated and left unchanged" });

export const portCatalogReportSchema = z.strictObject({
  blueprints: changedIdsSchema,
  teams: changedIdsSchema,
  entities: z.strictObject({ created: z.int(), updated: z.int(), unchanged: z.int() }),
  scorecards: changedIdsSchema,
  actions: changedIdsSchema,
});

export const portDocumentSchema = z
  .strictObject({
    blueprints: z.array(json),
    teams: z.array(json),
    entities: z.array(json),
    scorecards: z.array(z.strictObject({ blueprint: z.string(), data: z.array(json) })),
    actions: z.array(json),
    warnings: ids.meta({ description: "What Port cannot hold, each named" }),
  })
  .meta({ id: "PortDocument" });

export const importProgressSchema = z.strictObject({
  id: z.uuid(),
  phase: z.enum(["reading", "planning", "writing", "finishing", "done", "failed"]),
  done: z.int(),
  total: z.int(),
  startedBy: z.string(),
  startedAt: dateTime,
  updatedAt: dateTime,
});

export const deletedSchema = z.strictObject({ identifier: z.string() });

const graphNode = z.strictObject({ blueprint: z.string(), identifier: z.string(), title: z.string().nullable(), team: ids, depth: z.int().meta({ description: "Hops from the entity asked about" }) });
export const entityGraphSchema = z.strictObject({
  root: z.string().meta({ description: "blueprint/identifier of the entity asked about" }),
  direction: z.enum(["dependencies", "dependents", "both"]),
  depth: z.int(),
  nodes: z.array(graphNode),
  edges: z.array(z.strictObject({ from: z.string(), to: z.string(), relation: z.string() })),
  truncated: z.boolean(),
});

export const teamSchema = z
  .looseObject({
    id: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    parent: z.strictObject({ id: z.string(), title: z.string() }).nullable(),
    children: z.array(z.strictObject({ id: z.string(), title: z.string() })),
    subtree: ids.meta({ description: "The team and every team below it: what it owns includes what they own" }),
    members: z.array(z.looseObject({ id: z.string(), email: z.string(), name: z.string().nullable(), role: z.string() })),
  })
  .meta({ id: "Team" });

export const teamScorecardsSchema = z.strictObject({
  items: z.array(
    z.strictObject({
      blueprint: z.string(),
      identifier: z.string(),
      title: z.string(),
      distribution: z.array(z.object({ title: z.string(), color: z.string(), count: z.int() })),
      total: z.int(),
      entities: z
        .array(
          z.strictObject({
            identifier: z.string(),
            title: z.string().nullable(),
            level,
            score: z.number(),
            toNextLevel: z
              .strictObject({ level, rules: z.array(z.string()) })
              .nullable()
              .meta({ description: "What to fix: the next level and the titles of the failing rules that hold the entity below it; null at the top level" }),
          }),
        )
        .meta({ description: "The lowest-levelled first, at most 50 per scorecard" }),
    }),
  ),
});

export const serviceDeliverySchema = z.strictObject({
  service: z.string(),
  matrix: z.array(z.looseObject({ environment: json, version: z.string().nullable(), drift: z.boolean(), problems: z.int() })).meta({ description: "What runs in each environment, and whether it differs from the stage before it (drift)" }),
  deployments: z.array(deploymentSchema).meta({ description: "The latest 20" }),
});

export const doraSchema = z.strictObject({
  scope: z.strictObject({ kind: z.enum(["service", "team", "organisation"]), id: z.string().nullable() }),
  services: z.int().nullable(),
  from: dateTime,
  to: dateTime,
  current: json.meta({ description: "Deployment frequency, lead time for changes, change failure rate, time to restore, over the period" }),
  previous: json.meta({ description: "The same over the period before, for the trend" }),
  series: z.array(json),
  demoDeployments: z.int().meta({ description: "How many of the deployments in the two periods are the demo data's" }),
});

export const environmentSummarySchema = z.looseObject({
  identifier: z.string(),
  services: z.int(),
  healthy: z.int(),
  critical: z.int().meta({ description: "Critical problems (crash loops, unavailable workloads…)" }),
  warnings: z.int(),
  clusterStatus: json.nullable(),
  demo: z.boolean(),
});

export const environmentDashboardSchema = z.strictObject({
  environment: json,
  generatedAt: dateTime,
  clusterStatus: json.nullable(),
  services: z.array(z.looseObject({ service: z.string(), title: z.string().nullable(), inCatalog: z.boolean(), problems: z.array(json) })),
});

const campaignStatus = z.enum(["not-started", "on-track", "at-risk", "overdue", "finished"]).meta({ description: "The share done against the share of the time gone" });

export const campaignSchema = z
  .strictObject({
    identifier: z.string(),
    title: z.string(),
    description: z.string().optional().meta({ description: "Why and how, in Markdown" }),
    blueprint: z.string(),
    scorecard: z.string(),
    goal: z.union([z.strictObject({ level: z.string() }), z.strictObject({ rules: ids })]).meta({ description: "Reach a level of the scorecard, or pass the named rules" }),
    scope: json.optional().meta({ description: `Which entities of the blueprint it is about (all when absent). ${queryDescription}` }),
    team: z.string().optional().meta({ description: "A team's own campaign: only the entities that team (or one below it) owns" }),
    fixAction: z.string().optional().meta({ description: "The action offered beside each open entity" }),
    startsAt: dateTime,
    dueAt: dateTime,
    createdAt: dateTime,
    createdBy: z.string(),
    updatedAt: dateTime,
    updatedBy: z.string(),
  })
  .meta({ id: "Campaign" });

export const campaignListSchema = z.strictObject({
  items: z.array(campaignSchema.extend({ scorecardTitle: z.string(), total: z.int(), done: z.int(), status: campaignStatus })),
});

export const campaignProgressSchema = z.strictObject({
  campaign: campaignSchema,
  scorecard: z.strictObject({ title: z.string(), levels: z.array(level) }),
  total: z.int(),
  done: z.int(),
  status: campaignStatus,
  teams: z.array(z.strictObject({ team: z.string(), title: z.string(), total: z.int(), done: z.int(), status: campaignStatus })),
  open: z
    .array(
      z.strictObject({
        identifier: z.string(),
        title: z.string().nullable(),
        teams: ids,
        level: level.nullable(),
        nextSteps: z.array(z.strictObject({ rule: z.string(), title: z.string(), description: z.string().optional() })).meta({ description: "The failing rules that stand in the way" }),
      }),
    )
    .meta({ description: "The open entities (the first 200), each with its next steps" }),
  burndown: z.array(z.strictObject({ at: dateTime, remaining: z.int() })).meta({ description: "Entities still open at each scorecard snapshot since the start (level goals), and now" }),
});

const trend = <T extends z.ZodType>(figure: T) => z.strictObject({ current: figure, previous: figure });
const runFigures = z.strictObject({
  runs: z.int(),
  succeeded: z.int(),
  failed: z.int(),
  successRate: z.number().nullable().meta({ description: "Of the runs that succeeded or failed" }),
  medianDurationSeconds: z.number().nullable().meta({ description: "From dispatch to the end" }),
  medianApprovalWaitSeconds: z.number().nullable().meta({ description: "From the request to the first approval decision" }),
});
const goldenPathRow = z.strictObject({ action: z.string(), title: z.string(), team: z.string().nullable(), current: runFigures, previous: runFigures });
const productionFigures = z.strictObject({ created: z.int(), deployed: z.int(), medianHours: z.number().nullable() });
const completenessCounts = { total: z.int(), owner: z.int(), description: z.int(), docs: z.int(), repository: z.int() };
const levelPoint = z.strictObject({ at: z.string(), entities: z.int(), averageLevel: z.number() }).nullable();

export const insightsSchema = z.strictObject({
  period: z.strictObject({ days: z.int(), from: dateTime, to: dateTime, previousFrom: dateTime }),
  team: z.string().nullable(),
  teams: ids.nullable().meta({ description: "The team and the teams below it, when a team was asked for" }),
  activeUsers: z.strictObject({
    weekly: z.array(z.strictObject({ weekEnding: z.string(), users: z.int(), previous: z.boolean() })),
    weeklyAverage: trend(z.number()),
    byTeam: z.array(z.strictObject({ team: z.string(), title: z.string(), members: z.int(), weeklyAverage: trend(z.number()) })),
  }),
  goldenPaths: z.strictObject({
    actions: z.array(goldenPathRow),
    byTeam: z.array(goldenPathRow),
    total: trend(runFigures),
    teamsNeverUsed: z.array(z.strictObject({ team: z.string(), title: z.string(), members: z.int() })),
  }),
  timeToProduction: z.strictObject({
    current: productionFigures,
    previous: productionFigures,
    byTeam: z.array(z.strictObject({ team: z.string().nullable(), current: productionFigures, previous: productionFigures })),
    waiting: z.array(z.strictObject({ service: z.string(), team: z.string().nullable(), createdAt: z.string(), action: z.string() })),
  }),
  completeness: z.strictObject({
    checks: z.array(z.strictObject({ key: z.string(), title: z.string() })),
    blueprints: z.array(z.strictObject({ blueprint: z.string(), title: z.string(), ...completenessCounts })),
    byTeam: z.array(z.strictObject({ blueprint: z.string(), team: z.string().nullable(), ...completenessCounts })),
  }),
  scorecardMovement: z.array(
    z.strictObject({
      blueprint: z.string(),
      scorecard: z.string(),
      title: z.string(),
      levels: z.array(z.string()),
      team: z.string().nullable(),
      before: levelPoint,
      start: levelPoint,
      end: levelPoint,
      change: trend(z.number().nullable()),
    }),
  ),
});
