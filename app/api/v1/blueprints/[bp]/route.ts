import { deleteBlueprint, putBlueprint, toBlueprintJson } from "@/server/catalog/blueprints";
import { getBlueprint } from "@/server/catalog/service";
import { invalid } from "@/server/errors";
import { readJson, withApiToken } from "@/server/http";

type Params = { params: Promise<{ bp: string }> };
export const dynamic = "force-dynamic";

export function GET(req: Request, { params }: Params) {
  return withApiToken(req, async (ctx) => Response.json(toBlueprintJson(await getBlueprint({ ctx, input: { identifier: (await params).bp } }))));
}

/** Creates or replaces the blueprint; the body's identifier, if any, must match the path. */
export function PUT(req: Request, { params }: Params) {
  return withApiToken(req, async (ctx) => {
    const { bp } = await params;
    const body = (await readJson(req)) as Record<string, unknown>;
    if (body && typeof body === "object" && body.identifier !== undefined && body.identifier !== bp) {
      throw invalid("Identifier mismatch", [{ path: "/identifier", message: `must be ${bp}, as in the URL` }]);
    }
    const saved = await putBlueprint({ ctx, input: { ...body, identifier: bp } });
    return Response.json(
      { ...toBlueprintJson(saved.blueprint), invalidEntities: saved.invalidEntities },
      { status: saved.created ? 201 : 200 },
    );
  });
}

/** Deleting a blueprint with entities needs `?confirm=true`. */
export function DELETE(req: Request, { params }: Params) {
  return withApiToken(req, async (ctx) => {
    const confirm = new URL(req.url).searchParams.get("confirm") === "true";
    return Response.json(await deleteBlueprint({ ctx, input: { identifier: (await params).bp, confirm } }));
  });
}
