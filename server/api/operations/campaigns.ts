import { z } from "zod";
import { campaignInputSchema, toCampaignJson } from "../../campaigns/definition";
import { campaignProgress, deleteCampaign, getCampaign, listCampaigns, putCampaign } from "../../campaigns/service";
import { defineOperation, reads, removes, replaces } from "../contract/operation";
import { campaignListSchema, campaignProgressSchema, campaignSchema } from "../contract/schemas";

/** Campaigns: a goal on a scorecard, for a scope of entities, by a date (issue 22). */

const campaignPath = z.object({ id: z.string().max(100).meta({ description: "The campaign's identifier" }) });
const team = z.string().max(100).optional().meta({ description: "Only this team's entities (with the teams below it)" });

export const listCampaignsOp = defineOperation({
  id: "campaigns.list",
  method: "GET",
  path: "/api/v1/campaigns",
  tag: "Campaigns",
  summary: "Campaigns with their progress",
  description: "Soonest due first. With `team`, only the campaigns whose scope holds that team's entities, with the progress of those.",
  auth: "token",
  role: "member",
  effect: reads,
  query: z.object({ team }),
  responses: { 200: { description: "The campaigns", schema: campaignListSchema } },
  handle: async ({ ctx, query }) => ({ body: { items: await listCampaigns({ ctx, input: { team: query.team } }) } }),
});

export const getCampaignOp = defineOperation({
  id: "campaigns.get",
  method: "GET",
  path: "/api/v1/campaigns/{id}",
  tag: "Campaigns",
  summary: "Get a campaign",
  auth: "token",
  role: "member",
  effect: reads,
  params: campaignPath,
  responses: { 200: { description: "The campaign", schema: campaignSchema } },
  handle: async ({ ctx, params }) => ({ body: toCampaignJson(await getCampaign({ ctx, input: { identifier: params.id } })) }),
});

export const campaignProgressOp = defineOperation({
  id: "campaigns.progress",
  method: "GET",
  path: "/api/v1/campaigns/{id}/progress",
  tag: "Campaigns",
  summary: "A campaign's progress: per team, the open entities with their next steps, and the burn-down",
  auth: "token",
  role: "member",
  effect: reads,
  params: campaignPath,
  query: z.object({ team }),
  responses: { 200: { description: "Where the campaign stands", schema: campaignProgressSchema } },
  handle: async ({ ctx, params, query }) => ({ body: await campaignProgress({ ctx, input: { identifier: params.id, team: query.team } }) }),
});

export const putCampaignOp = defineOperation({
  tool: "builder",
  id: "campaigns.put",
  method: "PUT",
  path: "/api/v1/campaigns/{id}",
  tag: "Campaigns",
  summary: "Start or change a campaign",
  description: "Admins run any campaign; a team's members run one for their own team (`team` set: its entities only). The goal, scope and action must fit the scorecard's blueprint. A moved start or due date sends the notifications again.",
  auth: "token",
  role: "member",
  effect: replaces,
  params: campaignPath,
  body: { schema: campaignInputSchema, object: true, matchPath: { identifier: "id" } },
  responses: { 200: { description: "Replaced (or unchanged)", schema: campaignSchema }, 201: { description: "Created", schema: campaignSchema } },
  handle: async ({ ctx, params, body }) => {
    const saved = await putCampaign({ ctx, input: { campaign: { ...(body as Record<string, unknown>), identifier: params.id } } });
    return { status: saved.created ? 201 : 200, body: toCampaignJson(saved.campaign) };
  },
});

export const deleteCampaignOp = defineOperation({
  tool: "builder",
  id: "campaigns.delete",
  method: "DELETE",
  path: "/api/v1/campaigns/{id}",
  tag: "Campaigns",
  summary: "End a campaign",
  auth: "token",
  role: "member",
  effect: removes,
  params: campaignPath,
  responses: { 200: { description: "Deleted", schema: z.strictObject({ identifier: z.string() }) } },
  handle: async ({ ctx, params }) => ({ body: await deleteCampaign({ ctx, input: { identifier: params.id } }) }),
});
