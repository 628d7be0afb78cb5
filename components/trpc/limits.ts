/** Calls in one tRPC batch: the server refuses more (app/api/trpc), and the browser's batch link sends no more. */
export const MAX_TRPC_BATCH = 20;
