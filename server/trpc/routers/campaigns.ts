import { z } from "zod";
import { campaignProgress, deleteCampaign, getCampaign, listCampaigns, putCampaign } from "../../campaigns/service";
import { toCampaignJson, type CampaignInput } from "../../campaigns/definition";
import { createTRPCRouter, protectedProcedure } from "../init";
import { checkedByService } from "../inputs";

const id = z.string().max(100);
const campaign = checkedByService<CampaignInput>("a campaign");

// Reads are open to every signed-in user; the service checks who may start, change or end a campaign.
export const campaignsRouter = createTRPCRouter({
  list: protectedProcedure
    .input(z.object({ team: id.optional(), entity: z.object({ blueprint: id, identifier: z.string().max(200) }).optional() }).default({}))
    .query(({ ctx, input }) => listCampaigns({ ctx: ctx.svc, input })),
  get: protectedProcedure.input(z.object({ identifier: id })).query(async ({ ctx, input }) => toCampaignJson(await getCampaign({ ctx: ctx.svc, input }))),
  progress: protectedProcedure.input(z.object({ identifier: id, team: id.optional() })).query(({ ctx, input }) => campaignProgress({ ctx: ctx.svc, input })),
  put: protectedProcedure.input(z.object({ campaign })).mutation(async ({ ctx, input }) => {
    const saved = await putCampaign({ ctx: ctx.svc, input });
    return { campaign: toCampaignJson(saved.campaign), created: saved.created, unchanged: saved.unchanged };
  }),
  delete: protectedProcedure.input(z.object({ identifier: id })).mutation(({ ctx, input }) => deleteCampaign({ ctx: ctx.svc, input })),
});
