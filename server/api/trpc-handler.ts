import "server-only";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { MAX_TRPC_BATCH } from "@/components/trpc/limits";
import type { UserActor } from "../context";
import { errorResponse, MAX_BODY_BYTES, readText } from "../http";
import { requestMeta } from "../request-meta";
import { createTRPCContext } from "../trpc/context";
import { appRouter } from "../trpc/root";

/**
 * The browser's API, held to the REST API's rules: a POST is JSON only (no form or multipart bodies,
 * which another site's page could send without a preflight), its body is at most MAX_BODY_BYTES
 * (413 beyond), and a batch holds at most MAX_TRPC_BATCH calls. The cross-site check is proxy.ts's.
 *
 * The App Router's route file serves it with the session of `next/headers`; the fast path
 * (fast-path.ts) serves GETs (queries) before Next.js with `user`, the session of the request's cookies.
 */
export async function trpcResponse(req: Request, user?: () => Promise<UserActor | undefined>): Promise<Response> {
  let request = req;
  if (req.method === "POST") {
    const type = req.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
    if (type !== "application/json") {
      const { requestId } = requestMeta(req.headers);
      return Response.json(
        { error: { code: "UNSUPPORTED_MEDIA_TYPE", message: `tRPC requests are sent as application/json, not ${type ?? "without a content type"}` } },
        { status: 415, headers: { "x-request-id": requestId } },
      );
    }
    try {
      request = new Request(req.url, { method: "POST", headers: req.headers, body: await readText(req, MAX_BODY_BYTES) });
    } catch (error) {
      return errorResponse(error, requestMeta(req.headers).requestId);
    }
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    maxBatchSize: MAX_TRPC_BATCH,
    createContext: () => createTRPCContext({ headers: req.headers, user }),
  });
}
