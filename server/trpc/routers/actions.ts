import { z } from "zod";
import { deleteAction, getAction, listActions, putAction, toActionJson, validateAction } from "../../actions/service";
import {
  actionForm,
  approvalCount,
  availableActions,
  cancelRun,
  createRun,
  decideRun,
  dryRun,
  getRun,
  listRuns,
  runListSchema,
  runLogLines,
  toRunJson,
} from "../../actions/runs";
import { listNotifications, markNotificationsRead } from "../../actions/notifications";
import type { ActionDraft } from "../../actions/definition";
import { createTRPCRouter, protectedProcedure } from "../init";
import { checkedByService } from "../inputs";

const id = z.string().max(100);
const action = checkedByService<ActionDraft>("an action");
const runRequest = z.object({ action: id, entity: z.string().max(200).nullish(), inputs: z.record(z.string(), z.unknown()).default({}) });

// Reads are open to every signed-in user; the services check who may write, run and approve.
export const actionsRouter = createTRPCRouter({
  list: protectedProcedure.input(z.object({ blueprint: id.optional() }).default({})).query(({ ctx, input }) => listActions({ ctx: ctx.svc, input })),
  get: protectedProcedure.input(z.object({ identifier: id })).query(async ({ ctx, input }) => toActionJson(await getAction({ ctx: ctx.svc, input }))),
  put: protectedProcedure.input(z.object({ action })).mutation(async ({ ctx, input }) => {
    const saved = await putAction({ ctx: ctx.svc, input: input.action });
    return { action: toActionJson(saved.action), created: saved.created };
  }),
  delete: protectedProcedure.input(z.object({ identifier: id })).mutation(({ ctx, input }) => deleteAction({ ctx: ctx.svc, input })),
  /** How the editor checks a draft as the admin types (field-level errors); writes nothing. */
  validate: protectedProcedure.input(z.object({ action })).mutation(async ({ ctx, input }) => {
    await validateAction({ ctx: ctx.svc, input: input.action });
    return { ok: true };
  }),
  available: protectedProcedure
    .input(z.object({ blueprint: id.optional(), entity: z.string().max(200).optional(), operation: z.enum(["CREATE", "DAY-2", "DELETE"]).optional() }).default({}))
    .query(({ ctx, input }) => availableActions({ ctx: ctx.svc, input })),
  form: protectedProcedure.input(z.object({ action: id, entity: z.string().max(200).nullish() })).query(({ ctx, input }) => actionForm({ ctx: ctx.svc, input })),
  run: protectedProcedure.input(runRequest).mutation(async ({ ctx, input }) => {
    const { run } = await createRun({ ctx: ctx.svc, input: { action: input.action, body: { entity: input.entity, inputs: input.inputs } } });
    return toRunJson(run);
  }),
  dryRun: protectedProcedure.input(runRequest).mutation(({ ctx, input }) => dryRun({ ctx: ctx.svc, input: { action: input.action, body: { entity: input.entity, inputs: input.inputs } } })),
});

export const runsRouter = createTRPCRouter({
  list: protectedProcedure.input(runListSchema.partial().default({})).query(({ ctx, input }) => listRuns({ ctx: ctx.svc, input })),
  get: protectedProcedure.input(z.object({ id: z.string().max(100) })).query(({ ctx, input }) => getRun({ ctx: ctx.svc, input })),
  logs: protectedProcedure
    .input(z.object({ id: z.uuid(), after: z.number().int().min(0).optional() }))
    .query(({ ctx, input }) => runLogLines({ ctx: ctx.svc, input })),
  approve: protectedProcedure
    .input(z.object({ id: z.uuid(), comment: z.string().max(2000).nullish() }))
    .mutation(async ({ ctx, input }) => toRunJson(await decideRun({ ctx: ctx.svc, input: { ...input, decision: "APPROVED" } }))),
  decline: protectedProcedure
    .input(z.object({ id: z.uuid(), comment: z.string().max(2000).nullish() }))
    .mutation(async ({ ctx, input }) => toRunJson(await decideRun({ ctx: ctx.svc, input: { ...input, decision: "DECLINED" } }))),
  cancel: protectedProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => toRunJson(await cancelRun({ ctx: ctx.svc, input }))),
  approvalCount: protectedProcedure.query(({ ctx }) => approvalCount({ ctx: ctx.svc })),
});

export const notificationsRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => listNotifications({ ctx: ctx.svc })),
  markRead: protectedProcedure.input(z.object({ ids: z.array(z.number().int()).max(200).optional() }).default({})).mutation(({ ctx, input }) => markNotificationsRead({ ctx: ctx.svc, input })),
});
