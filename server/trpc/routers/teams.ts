import { z } from "zod";
import {
  addTeamMember,
  createTeam,
  deleteTeam,
  getTeam,
  listTeams,
  membershipSchema,
  removeTeamMember,
  teamInputSchema,
  teamUpdateSchema,
  updateTeam,
} from "../../identity/teams";
import { adminProcedure, createTRPCRouter, protectedProcedure } from "../init";

export const teamsRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => listTeams({ ctx: ctx.svc })),
  get: protectedProcedure.input(z.object({ id: z.string() })).query(({ ctx, input }) => getTeam({ ctx: ctx.svc, input })),
  create: adminProcedure.input(teamInputSchema).mutation(({ ctx, input }) => createTeam({ ctx: ctx.svc, input })),
  update: adminProcedure.input(teamUpdateSchema).mutation(({ ctx, input }) => updateTeam({ ctx: ctx.svc, input })),
  delete: adminProcedure.input(z.object({ id: z.string() })).mutation(({ ctx, input }) => deleteTeam({ ctx: ctx.svc, input })),
  addMember: adminProcedure.input(membershipSchema).mutation(({ ctx, input }) => addTeamMember({ ctx: ctx.svc, input })),
  removeMember: adminProcedure.input(membershipSchema).mutation(({ ctx, input }) => removeTeamMember({ ctx: ctx.svc, input })),
});
