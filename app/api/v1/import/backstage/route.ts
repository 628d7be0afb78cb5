import { z } from "zod";
import { importBackstage, importInputSchema, MAX_IMPORT_BYTES } from "@/server/catalog/backstage";
import { invalid, parseInput } from "@/server/errors";
import { readText, withApiToken } from "@/server/http";

export const dynamic = "force-dynamic";

const flags = z.object({ dryRun: z.enum(["true", "false"]).optional(), mode: z.enum(["atomic", "valid"]).optional(), progress: z.uuid().optional() });

/**
 * Body: Backstage catalog-info.yaml (multi-document), or JSON `{files: [{path, content}]}` for several
 * files (Location targets and substitutions resolve between them). `?dryRun=true` answers the plan
 * without changing anything; `?mode=valid` imports the valid documents when others have errors;
 * `?progress=<uuid>` records its progress for `GET /api/v1/import/progress/<uuid>` while it runs.
 */
export function POST(req: Request) {
  return withApiToken(req, async (ctx) => {
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
  });
}
