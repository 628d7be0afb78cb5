import { insightsReport } from "../../insights/service";
import { insightsInputSchema } from "../../insights/window";
import { adminProcedure, createTRPCRouter } from "../init";

export const insightsRouter = createTRPCRouter({
  report: adminProcedure.input(insightsInputSchema).query(({ ctx, input }) => insightsReport({ ctx: ctx.svc, input })),
});
