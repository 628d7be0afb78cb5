import { z } from "zod";
import { deleteAction, getAction, listActions, putAction, toActionJson } from "../../actions/service";
import { createTRPCRouter, protectedProcedure } from "../init";

const id = z.string().max(100);

// Reads are open to every signed-in user; the services check that writes come from admins.
export const actionsRouter = createTRPCRouter({
  list: protectedProcedure.input(z.object({ blueprint: id.optional() }).default({})).query(({ ctx, input }) => listActions({ ctx: ctx.svc, input })),
  get: protectedProcedure.input(z.object({ identifier: id })).query(async ({ ctx, input }) => toActionJson(await getAction({ ctx: ctx.svc, input }))),
  put: protectedProcedure.input(z.object({ action: z.unknown() })).mutation(async ({ ctx, input }) => {
    const saved = await putAction({ ctx: ctx.svc, input: input.action });
    return { action: toActionJson(saved.action), created: saved.created };
  }),
  delete: protectedProcedure.input(z.object({ identifier: id })).mutation(({ ctx, input }) => deleteAction({ ctx: ctx.svc, input })),
});
