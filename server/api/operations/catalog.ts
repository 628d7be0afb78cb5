import { z } from "zod";
import { blueprintInputSchema } from "../../catalog/blueprint-schema";
import { deleteBlueprint, listBlueprintDefinitions, putBlueprint, toBlueprintJson } from "../../catalog/blueprints";
import { withComputed } from "../../catalog/computed";
import { entityGraph, graphInputSchema } from "../../catalog/graph";
import { deleteEntity, entityInputSchema, entityPatchSchema, getEntity, MAX_BULK, patchEntity, toEntityJson, upsertEntities } from "../../catalog/entities";
import { entityFacets, entitySearchSchema, facetSchema, searchEntities } from "../../catalog/search";
import { getBlueprint } from "../../catalog/service";
import type { ServiceContext } from "../../context";
import { invalid } from "../../errors";
import { toScorecardJson } from "../../scorecards/definition";
import { deleteScorecard, entityScorecards, getScorecard, putScorecard } from "../../scorecards/service";
import { scorecardInputSchema } from "../../scorecards/definition";
import { creates, defineOperation, reads, removes, replaces } from "../contract/operation";
import {
  blueprintSchema,
  bulkResultSchema,
  entityPageSchema,
  entityScorecardsSchema,
  entitySchema,
  facetsSchema,
  queryDescription,
  entityGraphSchema,
  savedBlueprintSchema,
  scorecardSchema,
} from "../contract/schemas";
import { flag } from "./query-flags";

const bp = z.string().max(100).meta({ description: "Blueprint identifier" });
const blueprintPath = z.object({ bp });
const entityPath = z.object({ bp, id: z.string().max(100).meta({ description: "Entity identifier" }) });
const scorecardPath = z.object({ bp, id: z.string().max(100).meta({ description: "Scorecard identifier" }) });
const queryParam = z
  .string()
  .max(20_000)
  .optional()
  .meta({ description: `A Query as JSON. ${queryDescription}`, examples: ['{"combinator":"and","rules":[{"property":"lifecycle","operator":"=","value":"production"},{"meta":"$team","operator":"containsAny","value":["payments"]}]}'] });

/** Port's flags on entity writes, as Port documents them. */
const createMissing = flag(
  "Port's flag: a relation to an entity that does not exist creates it (identifier only, as the same caller, audited); refused when the target blueprint requires properties",
);
const writeFlags = z.object({ create_missing_related_entities: createMissing });

/** One entity written: 201 when created, 200 when replaced or left unchanged. */
async function writeEntity(ctx: ServiceContext, blueprint: string, entity: unknown, mode: "create" | "upsert", createMissingRelated: boolean) {
  const [result] = await upsertEntities({ ctx, input: { blueprint, entities: [entity], mode, bulk: false, createMissingRelated } });
  return { status: result!.created ? 201 : 200, body: toEntityJson(result!.entity) };
}

export const listBlueprints = defineOperation({
  id: "blueprints.list",
  method: "GET",
  path: "/api/v1/blueprints",
  tag: "Blueprints",
  summary: "List blueprints",
  auth: "token",
  role: "member",
  effect: reads,
  responses: { 200: { description: "Every blueprint, by identifier", schema: z.strictObject({ items: z.array(blueprintSchema) }) } },
  handle: async ({ ctx }) => ({ body: { items: await listBlueprintDefinitions({ ctx }) } }),
});

export const getBlueprintOp = defineOperation({
  id: "blueprints.get",
  method: "GET",
  path: "/api/v1/blueprints/{bp}",
  tag: "Blueprints",
  summary: "Get a blueprint",
  auth: "token",
  role: "member",
  effect: reads,
  params: blueprintPath,
  responses: { 200: { description: "The blueprint", schema: blueprintSchema } },
  handle: async ({ ctx, params }) => ({ body: toBlueprintJson(await getBlueprint({ ctx, input: { identifier: params.bp } })) }),
});

export const putBlueprintOp = defineOperation({
  tool: "builder",
  id: "blueprints.put",
  method: "PUT",
  path: "/api/v1/blueprints/{bp}",
  tag: "Blueprints",
  summary: "Create or replace a blueprint",
  description:
    "Existing entities that the new definition makes invalid are kept and flagged (`validationErrors`). Port's blueprint JSON is read as written (calculation and aggregation properties, icons, relation descriptions; `createdAt`/`updatedAt` and the like are ignored). Writing what is stored changes nothing.",
  auth: "token",
  role: "admin",
  effect: replaces,
  params: blueprintPath,
  body: { schema: blueprintInputSchema, matchPath: { identifier: "bp" } },
  responses: { 200: { description: "Replaced (or unchanged)", schema: savedBlueprintSchema }, 201: { description: "Created", schema: savedBlueprintSchema } },
  handle: async ({ ctx, params, body }) => {
    const saved = await putBlueprint({ ctx, input: { ...(body as object), identifier: params.bp } });
    return { status: saved.created ? 201 : 200, body: { ...toBlueprintJson(saved.blueprint), invalidEntities: saved.invalidEntities } };
  },
});

export const deleteBlueprintOp = defineOperation({
  tool: "builder",
  id: "blueprints.delete",
  method: "DELETE",
  path: "/api/v1/blueprints/{bp}",
  tag: "Blueprints",
  summary: "Delete a blueprint",
  description: "A blueprint with entities needs `?confirm=true`; its entities are deleted with it. Built-in blueprints and relation targets cannot be deleted (409).",
  auth: "token",
  role: "admin",
  effect: removes,
  params: blueprintPath,
  query: z.object({ confirm: flag("Delete the blueprint's entities with it") }),
  errors: [409],
  responses: { 200: { description: "Deleted", schema: z.strictObject({ identifier: z.string(), deletedEntities: z.int() }) } },
  handle: async ({ ctx, params, query }) => ({ body: await deleteBlueprint({ ctx, input: { identifier: params.bp, confirm: query.confirm } }) }),
});

export const searchEntitiesOp = defineOperation({
  id: "entities.search",
  method: "GET",
  path: "/api/v1/blueprints/{bp}/entities",
  tag: "Entities",
  summary: "Search entities",
  description: "Filtered, sorted, keyset-paginated. Pass `nextCursor` back as `cursor` for the next page.",
  auth: "token",
  role: "member",
  effect: reads,
  params: blueprintPath,
  query: entitySearchSchema.omit({ blueprint: true, query: true }).extend({
    query: queryParam,
    q: entitySearchSchema.shape.q.meta({ description: "Full text over identifier, title and string properties; words match as prefixes" }),
    sort: entitySearchSchema.shape.sort.meta({ description: "<property or $identifier|$title|$createdAt|$updatedAt>[:asc|desc]; aggregation properties sort too" }),
  }),
  responses: { 200: { description: "A page of entities", schema: entityPageSchema } },
  handle: async ({ ctx, params, query }) => {
    const page = await searchEntities({ ctx, input: { ...query, blueprint: params.bp } });
    return { body: { ...page, items: page.items.map(toEntityJson) } };
  },
});

export const entityFacetsOp = defineOperation({
  id: "entities.facets",
  method: "GET",
  path: "/api/v1/blueprints/{bp}/facets",
  tag: "Entities",
  summary: "Count values of a property",
  description: "Among the entities a search matches (`query`, `q`): each value of the property (or owning team) with how many have it.",
  auth: "token",
  role: "member",
  effect: reads,
  params: blueprintPath,
  query: facetSchema.omit({ blueprint: true, query: true }).extend({
    property: facetSchema.shape.property.meta({ description: "A property identifier, or $team" }),
    query: queryParam,
  }),
  responses: { 200: { description: "Values and counts", schema: facetsSchema } },
  handle: async ({ ctx, params, query }) => ({ body: await entityFacets({ ctx, input: { ...query, blueprint: params.bp } }) }),
});

export const createEntityOp = defineOperation({
  id: "entities.create",
  method: "POST",
  path: "/api/v1/blueprints/{bp}/entities",
  tag: "Entities",
  summary: "Create an entity",
  description: "409 when the identifier exists, unless `upsert=true`. Members may write entities their teams own.",
  auth: "token",
  role: "member",
  effect: creates,
  params: blueprintPath,
  query: writeFlags.extend({ upsert: flag("Port's flag: replace the entity if it exists (200) instead of 409") }),
  body: { schema: entityInputSchema },
  errors: [409],
  responses: { 201: { description: "Created", schema: entitySchema }, 200: { description: "Replaced (upsert=true)", schema: entitySchema } },
  handle: ({ ctx, params, query, body }) => writeEntity(ctx, params.bp, body, query.upsert ? "upsert" : "create", query.create_missing_related_entities),
});

export const getEntityOp = defineOperation({
  id: "entities.get",
  method: "GET",
  path: "/api/v1/blueprints/{bp}/entities/{id}",
  tag: "Entities",
  summary: "Get an entity",
  description: "With its calculation and aggregation properties computed.",
  auth: "token",
  role: "member",
  effect: reads,
  params: entityPath,
  responses: { 200: { description: "The entity", schema: entitySchema } },
  handle: async ({ ctx, params }) => {
    const entity = await getEntity({ ctx, input: { blueprint: params.bp, identifier: params.id } });
    return { body: toEntityJson((await withComputed(ctx.db, params.bp, [entity]))[0]!) };
  },
});

export const putEntityOp = defineOperation({
  id: "entities.put",
  method: "PUT",
  path: "/api/v1/blueprints/{bp}/entities/{id}",
  tag: "Entities",
  summary: "Create or replace an entity",
  auth: "token",
  role: "member",
  effect: replaces,
  params: entityPath,
  query: writeFlags,
  body: { schema: entityInputSchema.partial({ identifier: true }), matchPath: { identifier: "id" } },
  responses: { 200: { description: "Replaced (or unchanged)", schema: entitySchema }, 201: { description: "Created", schema: entitySchema } },
  handle: ({ ctx, params, query, body }) => writeEntity(ctx, params.bp, { ...(body as object), identifier: params.id }, "upsert", query.create_missing_related_entities),
});

export const patchEntityOp = defineOperation({
  id: "entities.update",
  method: "PATCH",
  path: "/api/v1/blueprints/{bp}/entities/{id}",
  tag: "Entities",
  summary: "Update an entity",
  description: "`properties` and `relations` merge key by key (null removes a key); `title` and `team` replace. Concurrent patches of one entity apply one after the other.",
  auth: "token",
  role: "member",
  effect: { readOnly: false, destructive: true, idempotent: true },
  params: entityPath,
  body: { schema: entityPatchSchema },
  responses: { 200: { description: "The entity as saved", schema: entitySchema } },
  handle: async ({ ctx, params, body }) => ({ body: toEntityJson(await patchEntity({ ctx, input: { blueprint: params.bp, identifier: params.id, patch: body } })) }),
});

export const deleteEntityOp = defineOperation({
  id: "entities.delete",
  method: "DELETE",
  path: "/api/v1/blueprints/{bp}/entities/{id}",
  tag: "Entities",
  summary: "Delete an entity",
  auth: "token",
  role: "member",
  effect: removes,
  params: entityPath,
  responses: { 204: { description: "Deleted" } },
  handle: async ({ ctx, params }) => {
    await deleteEntity({ ctx, input: { blueprint: params.bp, identifier: params.id } });
    return { status: 204 };
  },
});

export const bulkEntitiesOp = defineOperation({
  id: "entities.bulk",
  method: "POST",
  path: "/api/v1/blueprints/{bp}/entities/bulk",
  tag: "Entities",
  summary: `Upsert up to ${MAX_BULK.toLocaleString("en")} entities`,
  description: "All are written or none: a 400 lists every problem with the item's index first in the path (`/3/properties/url`). The body is a list, or Port's `{entities: [...]}`.",
  auth: "token",
  role: "member",
  effect: replaces,
  params: blueprintPath,
  query: writeFlags,
  body: { schema: z.union([z.array(entityInputSchema).max(MAX_BULK), z.object({ entities: z.array(entityInputSchema).max(MAX_BULK) })]) },
  responses: { 200: { description: "What was created, updated and left unchanged", schema: bulkResultSchema } },
  handle: async ({ ctx, params, query, body }) => {
    const list = Array.isArray(body) ? body : (body as { entities?: unknown } | null)?.entities;
    if (!Array.isArray(list)) throw invalid("The body must be a list of entities", [{ path: "", message: "must be a list, or {entities: [...]}" }]);
    if (list.length > MAX_BULK) throw invalid(`At most ${MAX_BULK} entities per call`, [{ path: "", message: `has ${list.length} items` }]);
    const results = await upsertEntities({ ctx, input: { blueprint: params.bp, entities: list, mode: "upsert", bulk: true, createMissingRelated: query.create_missing_related_entities } });
    return {
      body: {
        created: results.filter((r) => r.created).length,
        updated: results.filter((r) => !r.created && !r.unchanged).length,
        unchanged: results.filter((r) => r.unchanged).length,
        items: results.map((r) => toEntityJson(r.entity)),
      },
    };
  },
});

export const entityScorecardsOp = defineOperation({
  id: "entities.scorecards",
  method: "GET",
  path: "/api/v1/blueprints/{bp}/entities/{id}/scorecards",
  tag: "Scorecards",
  summary: "An entity's scorecard results",
  description: "Per scorecard of the blueprint: level, score, each rule passed or failed since when, and the rules blocking the next level.",
  auth: "token",
  role: "member",
  effect: reads,
  params: entityPath,
  responses: { 200: { description: "One item per scorecard", schema: entityScorecardsSchema } },
  handle: async ({ ctx, params }) => {
    const input = { blueprint: params.bp, identifier: params.id };
    await getEntity({ ctx, input }); // 404 for an unknown entity
    return { body: { items: await entityScorecards({ ctx, input }) } };
  },
});

export const getScorecardOp = defineOperation({
  id: "scorecards.get",
  method: "GET",
  path: "/api/v1/blueprints/{bp}/scorecards/{id}",
  tag: "Scorecards",
  summary: "Get a scorecard",
  auth: "token",
  role: "member",
  effect: reads,
  params: scorecardPath,
  responses: { 200: { description: "The scorecard", schema: scorecardSchema } },
  handle: async ({ ctx, params }) => ({ body: toScorecardJson(await getScorecard({ ctx, input: { blueprint: params.bp, identifier: params.id } })) }),
});

export const putScorecardOp = defineOperation({
  tool: "builder",
  id: "scorecards.put",
  method: "PUT",
  path: "/api/v1/blueprints/{bp}/scorecards/{id}",
  tag: "Scorecards",
  summary: "Create or replace a scorecard",
  description: "The blueprint's entities are scored in the same request. Port's scorecard JSON is read as written (levels optional, `conditions`, `$`-meta properties).",
  auth: "token",
  role: "admin",
  effect: replaces,
  params: scorecardPath,
  body: { schema: scorecardInputSchema, object: true, matchPath: { identifier: "id", blueprint: "bp" } },
  responses: { 200: { description: "Replaced (or unchanged)", schema: scorecardSchema }, 201: { description: "Created", schema: scorecardSchema } },
  handle: async ({ ctx, params, body }) => {
    const { blueprint: _path, ...scorecard } = body as Record<string, unknown>;
    void _path;
    const saved = await putScorecard({ ctx, input: { blueprint: params.bp, scorecard: { ...scorecard, identifier: params.id } } });
    return { status: saved.created ? 201 : 200, body: toScorecardJson(saved.scorecard) };
  },
});

export const deleteScorecardOp = defineOperation({
  tool: "builder",
  id: "scorecards.delete",
  method: "DELETE",
  path: "/api/v1/blueprints/{bp}/scorecards/{id}",
  tag: "Scorecards",
  summary: "Delete a scorecard with its results",
  auth: "token",
  role: "admin",
  effect: removes,
  params: scorecardPath,
  responses: { 200: { description: "Deleted", schema: z.strictObject({ blueprint: z.string(), identifier: z.string() }) } },
  handle: async ({ ctx, params }) => ({ body: await deleteScorecard({ ctx, input: { blueprint: params.bp, identifier: params.id } }) }),
});

export const entityGraphOp = defineOperation({
  id: "entities.graph",
  method: "GET",
  path: "/api/v1/blueprints/{bp}/entities/{id}/graph",
  tag: "Entities",
  summary: "An entity's dependency graph and blast radius",
  description:
    "The entities reached through relations, hop by hop: what it depends on (`dependencies`), what depends on it (`dependents`: what a change or an outage of it reaches), or both; each node with its owning teams and its distance. At most 500 nodes (`truncated` says when more were reached).",
  auth: "token",
  role: "member",
  effect: reads,
  params: entityPath,
  query: graphInputSchema.pick({ depth: true, direction: true }),
  responses: { 200: { description: "Nodes and edges; edge ends are `blueprint/identifier`", schema: entityGraphSchema } },
  handle: async ({ ctx, params, query }) => ({ body: await entityGraph({ ctx, input: { ...query, blueprint: params.bp, identifier: params.id } }) }),
});
