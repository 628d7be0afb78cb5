import { getRun, patchRun, runLogLines, toRunJson } from "@/server/actions/runs";
import { readJson, withApiToken, withRunToken } from "@/server/http";

type Params = { params: Promise<{ id: string }> };
export const dynamic = "force-dynamic";

/** The run with its approvals and its latest log lines (newest first). */
export function GET(req: Request, { params }: Params) {
  return withApiToken(req, async (ctx) => {
    const { id } = await params;
    // canApprove / canCancel describe the caller in the UI; the API returns the PRODUCT.md shape.
    const run: Partial<Awaited<ReturnType<typeof getRun>>> = await getRun({ ctx, input: { id } });
    delete run.canApprove;
    delete run.canCancel;
    return Response.json({ ...run, logs: await runLogLines({ ctx, input: { id, limit: 200 } }) });
  });
}

/** The external system reports: `{status?, statusLabel?, link?, summary?, entities?}`. A final status is accepted once (409 after). */
export function PATCH(req: Request, { params }: Params) {
  return params.then(({ id }) =>
    withRunToken(req, id, async (ctx) => Response.json(toRunJson(await patchRun({ ctx, input: { id, patch: await readJson(req) } })))),
  );
}
