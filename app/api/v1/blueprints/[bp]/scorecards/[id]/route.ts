import { invalid } from "@/server/errors";
import { readJson, withApiToken } from "@/server/http";
import { deleteScorecard, getScorecard, putScorecard, toScorecardJson } from "@/server/scorecards/service";

type Params = { params: Promise<{ bp: string; id: string }> };
export const dynamic = "force-dynamic";

export function GET(req: Request, { params }: Params) {
  return withApiToken(req, async (ctx) => {
    const { bp, id } = await params;
    return Response.json(toScorecardJson(await getScorecard({ ctx, input: { blueprint: bp, identifier: id } })));
  });
}

/** Creates or replaces the scorecard and evaluates it; the body's identifier and blueprint, if any, must match the path. */
export function PUT(req: Request, { params }: Params) {
  return withApiToken(req, async (ctx) => {
    const { bp, id } = await params;
    const body = (await readJson(req)) as Record<string, unknown>;
    if (!body || typeof body !== "object" || Array.isArray(body)) throw invalid("The body must be a scorecard object");
    if (body.identifier !== undefined && body.identifier !== id) throw invalid("Identifier mismatch", [{ path: "/identifier", message: `must be ${id}, as in the URL` }]);
    if (body.blueprint !== undefined && body.blueprint !== bp) throw invalid("Blueprint mismatch", [{ path: "/blueprint", message: `must be ${bp}, as in the URL` }]);
    const { blueprint: _omit, ...scorecard } = body;
    void _omit;
    const saved = await putScorecard({ ctx, input: { blueprint: bp, scorecard: { ...scorecard, identifier: id } } });
    return Response.json(toScorecardJson(saved.scorecard), { status: saved.created ? 201 : 200 });
  });
}

export function DELETE(req: Request, { params }: Params) {
  return withApiToken(req, async (ctx) => {
    const { bp, id } = await params;
    return Response.json(await deleteScorecard({ ctx, input: { blueprint: bp, identifier: id } }));
  });
}
