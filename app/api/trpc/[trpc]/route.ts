import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { errorResponse, MAX_BODY_BYTES, readText } from "@/server/http";
import { requestMeta } from "@/server/request-meta";
import { createTRPCContext } from "@/server/trpc/context";
import { appRouter } from "@/server/trpc/root";
import { MAX_TRPC_BATCH } from "@/components/trpc/limits";

/**
 * The browser's API, held to the REST API's rules: a POST is JSON only (no form or multipart bodies,
 * which another site's page could send without a preflight), its body is at most MAX_BODY_BYTES
 * (413 beyond), and a batch holds at most MAX_TRPC_BATCH calls. The cross-site check is proxy.ts's.
 */
async function handler(req: Request) {
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
    createContext: () => createTRPCContext({ headers: req.headers }),
  });
}

export { handler as GET, handler as POST };
