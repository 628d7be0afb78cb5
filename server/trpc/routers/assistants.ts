import { z } from "zod";
import { createTRPCRouter, protectedProcedure } from "../init";
import { grantListSchema, listGrants, revokeGrant } from "../../oauth/grants";

/** Connected assistants: the MCP clients a user allowed through OAuth, and disconnecting them. */
export const assistantsRouter = createTRPCRouter({
  list: protectedProcedure.input(grantListSchema).query(({ ctx, input }) => listGrants({ ctx: ctx.svc, input })),
  revoke: protectedProcedure.input(z.object({ id: z.uuid() })).mutation(({ ctx, input }) => revokeGrant({ ctx: ctx.svc, input })),
});
