import { z } from "zod";
import { serviceCiRuns, rerunCiRun } from "../../delivery/ci";
import { doraInputSchema, doraReport, serviceDelivery } from "../../delivery/service";
import { environmentDashboard, environmentsOverview } from "../../environments/dashboard";
import { refreshEnvironment } from "../../environments/sync";
import { createTRPCRouter, protectedProcedure } from "../init";

const id = z.string().max(100);

// Every signed-in user reads dashboards; re-runs are checked by the service (admins, owners).
export const environmentsRouter = createTRPCRouter({
  overview: protectedProcedure.query(({ ctx }) => environmentsOverview({ ctx: ctx.svc })),
  get: protectedProcedure.input(z.object({ environment: id })).query(({ ctx, input }) => environmentDashboard({ ctx: ctx.svc, input })),
  refresh: protectedProcedure.input(z.object({ environment: id })).mutation(({ ctx, input }) => refreshEnvironment({ ctx: ctx.svc, input })),
});

export const deliveryRouter = createTRPCRouter({
  service: protectedProcedure.input(z.object({ service: id })).query(({ ctx, input }) => serviceDelivery({ ctx: ctx.svc, input })),
  ciRuns: protectedProcedure.input(z.object({ service: id, refresh: z.boolean().optional() })).query(({ ctx, input }) => serviceCiRuns({ ctx: ctx.svc, input })),
  rerun: protectedProcedure.input(z.object({ service: id, runId: z.number().int().positive() })).mutation(({ ctx, input }) => rerunCiRun({ ctx: ctx.svc, input })),
  dora: protectedProcedure.input(doraInputSchema).query(({ ctx, input }) => doraReport({ ctx: ctx.svc, input })),
});
