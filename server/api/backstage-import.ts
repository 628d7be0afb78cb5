import { z } from "zod";
import { importBackstage, importInputSchema, MAX_IMPORT_BYTES } from "../catalog/backstage";
import { requireAdmin, type ServiceContext } from "../context";
import { invalid, parseInput } from "../errors";
import { readText } from "../http";

const flags = z.object({ dryRun: z.enum(["true", "false"]).optional(), mode: z.enum(["atomic", "valid"]).optional(), progress: z.uuid().optional() });

/**
 * A Backstage import over HTTP, up to 32 MB (what tRPC's 5 MB cannot carry): the REST API with a token
 * (`/api/v1/import/backstage`) and the import page with the session (`/api/import/backstage`) share it.
 * Body: catalog-info.yaml (multi-document), or JSON `{files: [{path, content}]}` for several files
 * (Location targets and substitutions resolve between them). `?dryRun=true` answers the plan without
 * changing anything; `?mode=valid` imports the valid documents when others have errors;
 * `?progress=<uuid>` records its progress for `GET /api/v1/import/progress/<uuid>` while it runs.
 */
export async function backstageImportResponse(req: Request, ctx: ServiceContext): Promise<Response> {
  // Before reading up to 32 MB of body.
  requireAdmin(ctx, "import into the catalog");
  const url = new URL(req.url);
  const q = parseInput(flags, Object.fromEntries(url.searchParams), "Invalid query", "/query");
  const body = await readText(req, MAX_IMPORT_BYTES);
  if (!body.trim()) throw invalid("A YAML body is required", [{ path: "", message: "is empty" }]);
  const options = { dryRun: q.dryRun === "true", mode: q.mode, progressId: q.progress };
  if ((req.headers.get("content-type") ?? "").includes("application/json")) {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw invalid("The body is not valid JSON", [{ path: "", message: "must be {files: [{path, content}]}" }]);
    }
    const { files } = parseInput(importInputSchema.pick({ files: true }), json, "Invalid import");
    return Response.json(await importBackstage({ ctx, input: { files, ...options } }));
  }
  return Response.json(await importBackstage({ ctx, input: { yaml: body, ...options } }));
}
