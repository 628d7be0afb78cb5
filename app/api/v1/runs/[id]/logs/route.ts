import { postRunLog, toRunJson } from "@/server/actions/runs";
import { readJson, withRunToken } from "@/server/http";

type Params = { params: Promise<{ id: string }> };
export const dynamic = "force-dynamic";

/** A log line from the external system: `{message, terminationStatus?: "SUCCESS" | "FAILURE"}`. */
export function POST(req: Request, { params }: Params) {
  return params.then(({ id }) =>
    withRunToken(req, id, async (ctx) => Response.json(toRunJson(await postRunLog({ ctx, input: { id, body: await readJson(req) } })), { status: 201 })),
  );
}
