import { z } from "zod";
import { docsPage, docsPageInputSchema, docsSearchSchema, refreshDocs, searchDocs } from "../../docs/service";
import { createTRPCRouter, protectedProcedure } from "../init";

// Every signed-in user reads docs; a refresh is checked by the service (admins, the entity's owners).
export const docsRouter = createTRPCRouter({
  page: protectedProcedure.input(docsPageInputSchema).query(({ ctx, input }) => docsPage({ ctx: ctx.svc, input })),
  search: protectedProcedure.input(docsSearchSchema).query(({ ctx, input }) => searchDocs({ ctx: ctx.svc, input })),
  refresh: protectedProcedure.input(z.object({ blueprint: z.string().max(100), identifier: z.string().max(100) })).mutation(({ ctx, input }) => refreshDocs({ ctx: ctx.svc, input })),
});
