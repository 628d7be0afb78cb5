import { z } from "zod";
import { getTeam } from "../../identity/teams";
import { teamScorecards } from "../../scorecards/service";
import { defineOperation, reads } from "../contract/operation";
import { teamScorecardsSchema, teamSchema } from "../contract/schemas";

/** Teams: who owns what, and how what they own is doing. */

const teamPath = z.object({ id: z.string().max(100).meta({ description: "The team's identifier" }) });

export const getTeamOp = defineOperation({
  id: "teams.get",
  method: "GET",
  path: "/api/v1/teams/{id}",
  tag: "Teams",
  summary: "A team with its members, parent and children",
  auth: "token",
  role: "member",
  effect: reads,
  params: teamPath,
  responses: { 200: { description: "The team", schema: teamSchema } },
  handle: async ({ ctx, params }) => ({ body: await getTeam({ ctx, input: { id: params.id } }) }),
});

export const teamScorecardsOp = defineOperation({
  id: "teams.scorecards",
  method: "GET",
  path: "/api/v1/teams/{id}/scorecards",
  tag: "Scorecards",
  summary: "How a team's entities score",
  description: "Per scorecard: how many of the entities the team (and the teams below it) owns are at each level, and the lowest-levelled ones first: where to start.",
  auth: "token",
  role: "member",
  effect: reads,
  params: teamPath,
  responses: { 200: { description: "One item per scorecard with entities of the team", schema: teamScorecardsSchema } },
  handle: async ({ ctx, params }) => ({ body: { items: await teamScorecards({ ctx, input: { team: params.id } }) } }),
});
