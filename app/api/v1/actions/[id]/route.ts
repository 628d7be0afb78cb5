import { deleteAction, getAction, putAction, toActionJson } from "@/server/actions/service";
import { invalid } from "@/server/errors";
import { readJson, withApiToken } from "@/server/http";

type Params = { params: Promise<{ id: string }> };
export const dynamic = "force-dynamic";

export function GET(req: Request, { params }: Params) {
  return withApiToken(req, async (ctx) => Response.json(toActionJson(await getAction({ ctx, input: { identifier: (await params).id } }))));
}

/** Creates or replaces the action definition; the body's identifier, if any, must match the path. */
export function PUT(req: Request, { params }: Params) {
  return withApiToken(req, async (ctx) => {
    const { id } = await params;
    const body = (await readJson(req)) as Record<string, unknown>;
    if (!body || typeof body !== "object" || Array.isArray(body)) throw invalid("The body must be an action object");
    if (body.identifier !== undefined && body.identifier !== id) throw invalid("Identifier mismatch", [{ path: "/identifier", message: `must be ${id}, as in the URL` }]);
    const saved = await putAction({ ctx, input: { ...body, identifier: id } });
    return Response.json(toActionJson(saved.action), { status: saved.created ? 201 : 200 });
  });
}

export function DELETE(req: Request, { params }: Params) {
  return withApiToken(req, async (ctx) => Response.json(await deleteAction({ ctx, input: { identifier: (await params).id } })));
}
