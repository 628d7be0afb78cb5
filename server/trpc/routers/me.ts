import { createTRPCRouter, protectedProcedure } from "../init";
import { getHome } from "../../home";

export const meRouter = createTRPCRouter({
  get: protectedProcedure.query(({ ctx }) => ctx.user),
  home: protectedProcedure.query(({ ctx }) => getHome({ ctx: ctx.svc })),
});
