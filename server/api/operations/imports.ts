import { z } from "zod";
import { importBackstage, importInputSchema, MAX_IMPORT_BYTES } from "../../catalog/backstage";
import { exportBackstage } from "../../catalog/backstage/export";
import { getImportProgress } from "../../catalog/import-progress";
import type { ServiceContext } from "../../context";
import { invalid, parseInput } from "../../errors";
import { readText } from "../../http";
import { importPortActions } from "../../port/actions";
import { importPortBlueprints } from "../../port/blueprints";
import { exportPort, importPortCatalog } from "../../port/catalog";
import { importPortScorecards } from "../../port/scorecards";
import { defineOperation, reads, replaces, type Operation } from "../contract/operation";
import { changedIdsSchema, importProgressSchema, importReportSchema, portCatalogReportSchema, portDocumentSchema } from "../contract/schemas";
import { flag } from "./query-flags";

const backstageFlags = z.object({
  dryRun: flag("Answer the plan (what would be created, updated, left unchanged, and every problem) and change nothing"),
  mode: importInputSchema.shape.mode.optional().meta({ description: "atomic (default): nothing is written when a document has errors; valid: the valid documents are imported" }),
  progress: z.uuid().optional().meta({ description: "An id you choose: GET /api/v1/import/progress/{id} tells how far the import is while it runs" }),
});
const megabytes = (bytes: number) => `${bytes / 1024 / 1024} MB`;

/**
 * Body: catalog-info.yaml (multi-document), or JSON `{files: [{path, content}]}` for several files
 * (Location targets and substitutions resolve between them), up to 32 MB.
 */
async function importBackstageBody(req: Request, ctx: ServiceContext, flags: z.output<typeof backstageFlags>) {
  const body = await readText(req, MAX_IMPORT_BYTES);
  if (!body.trim()) throw invalid("A YAML body is required", [{ path: "", message: "is empty" }]);
  const options = { dryRun: flags.dryRun, mode: flags.mode, progressId: flags.progress };
  if ((req.headers.get("content-type") ?? "").includes("application/json")) {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw invalid("The body is not valid JSON", [{ path: "", message: "must be {files: [{path, content}]}" }]);
    }
    const { files } = parseInput(importInputSchema.pick({ files: true }), json, "Invalid import");
    return importBackstage({ ctx, input: { files, ...options } });
  }
  return importBackstage({ ctx, input: { yaml: body, ...options } });
}

const backstageImport = {
  method: "POST",
  tag: "Import and export",
  summary: "Import Backstage catalog-info.yaml",
  description:
    "Multi-document YAML, or JSON {files: [{path, content}]} for several files (Location targets and $text/$json/$yaml substitutions resolve between them). Component → service, API → api, System, Domain, Resource, Group → team (tree), User. Every field is kept (docs/backstage-import.md). An identical re-import changes nothing.",
  role: "admin",
  effect: replaces,
  // A YAML upload of up to 32 MB is not a tool call.
  tool: false,
  query: backstageFlags,
  body: {
    schema: importInputSchema.pick({ files: true }),
    alternatives: { "application/yaml": z.string().meta({ description: "catalog-info.yaml, one or more documents" }) },
    read: "self",
    maxBytes: MAX_IMPORT_BYTES,
  },
  responses: { 200: { description: "The plan (dry run), or what was imported", schema: importReportSchema } },
  handle: async ({ ctx, req, query }) => ({ body: await importBackstageBody(req, ctx, query as z.output<typeof backstageFlags>) }),
} satisfies Partial<Operation>;

export const importBackstageOp = defineOperation({ ...backstageImport, id: "import.backstage", path: "/api/v1/import/backstage", auth: "token" });

export const importBackstageFromPortalOp = defineOperation({
  ...backstageImport,
  id: "import.backstageUpload",
  path: "/api/import/backstage",
  tag: "Portal",
  summary: "Import Backstage catalog-info.yaml from the import page",
  description: `The import page's uploads larger than tRPC carries (up to ${megabytes(MAX_IMPORT_BYTES)}), with the signed-in admin's session; otherwise the same as POST /api/v1/import/backstage.`,
  auth: "session",
});

export const importProgressOp = defineOperation({
  id: "import.progress",
  method: "GET",
  path: "/api/v1/import/progress/{id}",
  tag: "Import and export",
  summary: "Follow an import",
  description: "For an import started with `?progress=<id>`: its phase (reading → planning → writing → finishing → done | failed) and how many entities are written, updated at most every 250 ms while it runs.",
  auth: "token",
  role: "admin",
  effect: reads,
  params: z.object({ id: z.uuid({ error: "must be a UUID" }) }),
  responses: { 200: { description: "How far the import is", schema: importProgressSchema } },
  handle: async ({ ctx, params }) => ({ body: await getImportProgress({ ctx, input: { id: params.id } }) }),
});

const portFile = (kind: "blueprints" | "scorecards" | "actions", description: string, run: (args: { ctx: ServiceContext; input: unknown }) => Promise<unknown>) =>
  defineOperation({
    id: `import.port${kind.charAt(0).toUpperCase()}${kind.slice(1)}`,
    method: "POST",
    path: `/api/v1/import/port/${kind}`,
    tag: "Import and export",
    summary: `Import Port's ${kind} file`,
    description: `${description} Port's API answer (\`{"ok": true, "${kind}": [...]}\`) is taken as it is. All saved, or none: 400 with every problem under its place in the file.`,
    auth: "token",
    role: "admin",
    effect: replaces,
    tool: "builder",
    body: { schema: z.union([z.array(z.record(z.string(), z.unknown())), z.object({ [kind]: z.array(z.record(z.string(), z.unknown())) })]) },
    responses: { 200: { description: "What was created, updated and left unchanged", schema: changedIdsSchema } },
    handle: async ({ ctx, body }) => ({ body: await run({ ctx, input: body }) }),
  });

export const importPortBlueprintsOp = portFile(
  "blueprints",
  "A list of blueprints in Port's JSON, in any order (relations, mirror and aggregation properties may point at blueprints later in the list), each saved as PUT /api/v1/blueprints/{id} would.",
  importPortBlueprints,
);
export const importPortScorecardsOp = portFile(
  "scorecards",
  'Port\'s JSON as its integrations publish it: [{"blueprint", "data": [scorecards]}] (or scorecards each naming "blueprint"), read as written: levels optional (Port\'s Basic, Bronze, Silver, Gold), "conditions", `$`-meta properties.',
  importPortScorecards,
);
export const importPortActionsOp = portFile(
  "actions",
  'A list of Port actions as `POST /v1/actions` takes them (or the older `[{"blueprint", "data": [actions]}]`), each read as `PUT /api/v1/actions/{id}` reads Port JSON.',
  importPortActions,
);

export const importPortCatalogOp = defineOperation({
  id: "import.portCatalog",
  tool: "builder",
  method: "POST",
  path: "/api/v1/import/port/catalog",
  tag: "Import and export",
  summary: "Import a Port JSON export document",
  description:
    "The document GET /api/v1/export/port writes; any part may be left out. One transaction: teams, blueprints, entities, scorecards, actions; all or nothing (400 with every problem of the first part that has some, under its path). An identical re-import changes nothing.",
  auth: "token",
  role: "admin",
  effect: replaces,
  body: { schema: portDocumentSchema.partial(), maxBytes: MAX_IMPORT_BYTES },
  responses: { 200: { description: "Per part: created, updated, unchanged", schema: portCatalogReportSchema } },
  handle: async ({ ctx, body }) => ({ body: await importPortCatalog({ ctx, input: body }) }),
});

export const exportPortOp = defineOperation({
  id: "export.port",
  tool: "builder",
  method: "GET",
  path: "/api/v1/export/port",
  tag: "Import and export",
  summary: "Export the configuration and catalog as Port JSON",
  description:
    "Blueprints, teams (named as Port names them), entities, scorecards (Port's conditions spelling) and actions (Port's trigger/invocationMethod) in one document, plus `warnings`: everything Port cannot hold, each named. Importing it gives the same document.",
  auth: "token",
  role: "admin",
  effect: reads,
  responses: { 200: { description: "The document", schema: portDocumentSchema } },
  handle: async ({ ctx }) => ({ body: await exportPort({ ctx }), headers: { "content-disposition": 'attachment; filename="portico-port-export.json"' } }),
});

export const exportBackstageOp = defineOperation({
  id: "export.backstage",
  tool: "builder",
  method: "GET",
  path: "/api/v1/export/backstage",
  tag: "Import and export",
  summary: "Export the catalog as Backstage YAML",
  description:
    "Every entity of the Backstage-shaped blueprints (service, api, system, domain, resource), every team as a Group (tree, profile, members) and their users, as multi-document YAML. Importing it gives the same catalog.",
  auth: "token",
  role: "admin",
  effect: reads,
  responses: { 200: { description: "catalog-info.yaml", contentType: "application/yaml; charset=utf-8", schema: z.string() } },
  handle: async ({ ctx }) => ({ body: await exportBackstage({ ctx }), headers: { "content-disposition": 'attachment; filename="catalog-info.yaml"' } }),
});
