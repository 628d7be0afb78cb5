import { trpcResponse } from "@/server/api/trpc-handler";

/** tRPC over HTTP (server/api/trpc-handler.ts); GETs are usually answered by the fast path first. */
const handler = (req: Request) => trpcResponse(req);

export { handler as GET, handler as POST };
