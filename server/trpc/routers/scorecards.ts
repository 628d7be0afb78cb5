import { z } from "zod";
import {
  deleteScorecard,
  entityScorecards,
  getScorecard,
  listScorecards,
  previewScorecard,
  putScorecard,
  scorecardEntities,
  scorecardOverview,
  teamScorecards,
} from "../../scorecards/service";
import { toScorecardJson, type ScorecardDraft } from "../../scorecards/definition";
import { createTRPCRouter, protectedProcedure } from "../init";
import { checkedByService } from "../inputs";

const id = z.string().max(100);
const ref = z.object({ blueprint: id, identifier: id });
const scorecard = checkedByService<ScorecardDraft>("a scorecard");

// Reads are open to every signed-in user; the services check that writes come from admins.
export const scorecardsRouter = createTRPCRouter({
  list: protectedProcedure.input(z.object({ blueprint: id.optional() }).default({})).query(({ ctx, input }) => listScorecards({ ctx: ctx.svc, input })),
  get: protectedProcedure.input(ref).query(async ({ ctx, input }) => toScorecardJson(await getScorecard({ ctx: ctx.svc, input }))),
  overview: protectedProcedure.input(ref).query(({ ctx, input }) => scorecardOverview({ ctx: ctx.svc, input })),
  entities: protectedProcedure
    .input(ref.extend({ level: z.number().int().min(0).optional(), failing: id.optional(), cursor: id.nullish(), limit: z.number().int().min(1).max(200).optional() }))
    .query(({ ctx, input }) => scorecardEntities({ ctx: ctx.svc, input })),
  forEntity: protectedProcedure.input(ref).query(({ ctx, input }) => entityScorecards({ ctx: ctx.svc, input })),
  forTeam: protectedProcedure.input(z.object({ team: id })).query(({ ctx, input }) => teamScorecards({ ctx: ctx.svc, input })),
  put: protectedProcedure
    .input(z.object({ blueprint: id, scorecard }))
    .mutation(async ({ ctx, input }) => {
      const saved = await putScorecard({ ctx: ctx.svc, input });
      return { scorecard: toScorecardJson(saved.scorecard), created: saved.created };
    }),
  /** What-if of a draft; also how the editor validates as the admin types (field-level errors). */
  preview: protectedProcedure.input(z.object({ blueprint: id, scorecard })).mutation(({ ctx, input }) => previewScorecard({ ctx: ctx.svc, input })),
  delete: protectedProcedure.input(ref).mutation(({ ctx, input }) => deleteScorecard({ ctx: ctx.svc, input })),
});
