import { z } from "zod";
import { importBackstage, importInputSchema } from "../../catalog/backstage";
import { exportBackstage } from "../../catalog/backstage/export";
import { importBackstageFromGitHub } from "../../catalog/backstage/github";
import { getGitHubIntegration, githubSettingsSchema, saveGitHubIntegration } from "../../catalog/github-discovery";
import { getGitLabIntegration, gitlabSettingsSchema, saveGitLabIntegration, testGitLabIntegration } from "../../integrations/gitlab-connection";
import { requestGitHubSync } from "../../jobs";
import { deleteBlueprint, previewBlueprintChange, putBlueprint, toBlueprintJson, validateBlueprint } from "../../catalog/blueprints";
import { createApiToken, listApiTokens, revokeApiToken, tokenCreateSchema } from "../../identity/tokens";
import { getWebhookSettings, saveWebhookSettings, webhookSettingsSchema } from "../../actions/settings";
import { clusterInputSchema, deleteCluster, listClusters, putCluster, testCluster } from "../../environments/clusters";
import { exportPort } from "../../port/catalog";
import { getImportProgress } from "../../catalog/import-progress";
import { importPortFile, portFileInputSchema } from "../../port";
import type { BlueprintDraft } from "../../catalog/blueprint-schema";
import { adminProcedure, createTRPCRouter } from "../init";
import { checkedByService } from "../inputs";

const blueprint = checkedByService<BlueprintDraft>("a blueprint");

export const blueprintsRouter = createTRPCRouter({
  validate: adminProcedure.input(blueprint).mutation(({ ctx, input }) => validateBlueprint({ ctx: ctx.svc, input })),
  preview: adminProcedure.input(blueprint).mutation(({ ctx, input }) => previewBlueprintChange({ ctx: ctx.svc, input })),
  put: adminProcedure.input(blueprint).mutation(async ({ ctx, input }) => {
    const saved = await putBlueprint({ ctx: ctx.svc, input });
    return { ...saved, blueprint: toBlueprintJson(saved.blueprint) };
  }),
  delete: adminProcedure
    .input(z.object({ identifier: z.string().max(100), confirm: z.boolean().optional() }))
    .mutation(({ ctx, input }) => deleteBlueprint({ ctx: ctx.svc, input })),
});

export const tokensRouter = createTRPCRouter({
  list: adminProcedure.query(({ ctx }) => listApiTokens({ ctx: ctx.svc })),
  create: adminProcedure.input(tokenCreateSchema).mutation(({ ctx, input }) => createApiToken({ ctx: ctx.svc, input })),
  revoke: adminProcedure.input(z.object({ id: z.uuid() })).mutation(({ ctx, input }) => revokeApiToken({ ctx: ctx.svc, input })),
});

export const importRouter = createTRPCRouter({
  backstage: adminProcedure.input(importInputSchema).mutation(({ ctx, input }) => importBackstage({ ctx: ctx.svc, input })),
  backstageFromGitHub: adminProcedure
    .input(z.object({ url: z.string().max(1000), dryRun: z.boolean().default(false), mode: z.enum(["atomic", "valid"]).default("atomic") }))
    .mutation(({ ctx, input }) => importBackstageFromGitHub({ ctx: ctx.svc, input })),
  /** How far an import started with `progressId` is. */
  progress: adminProcedure.input(z.object({ id: z.uuid() })).query(({ ctx, input }) => getImportProgress({ ctx: ctx.svc, input })),
  /** The catalog as Backstage YAML, for the browser to download. */
  exportBackstage: adminProcedure.query(({ ctx }) => exportBackstage({ ctx: ctx.svc })),
  /** Port JSON: the export document, or a blueprints, scorecards or actions file. */
  port: adminProcedure.input(portFileInputSchema).mutation(({ ctx, input }) => importPortFile({ ctx: ctx.svc, input })),
  /** The configuration and catalog as Port JSON, for the browser to download. */
  exportPort: adminProcedure.query(({ ctx }) => exportPort({ ctx: ctx.svc })),
});

export const integrationsRouter = createTRPCRouter({
  github: adminProcedure.query(({ ctx }) => getGitHubIntegration({ ctx: ctx.svc })),
  saveGithub: adminProcedure.input(githubSettingsSchema).mutation(({ ctx, input }) => saveGitHubIntegration({ ctx: ctx.svc, input })),
  syncGithub: adminProcedure.mutation(({ ctx }) => requestGitHubSync({ ctx: ctx.svc })),
  gitlab: adminProcedure.query(({ ctx }) => getGitLabIntegration({ ctx: ctx.svc })),
  saveGitlab: adminProcedure.input(gitlabSettingsSchema).mutation(({ ctx, input }) => saveGitLabIntegration({ ctx: ctx.svc, input })),
  testGitlab: adminProcedure.mutation(({ ctx }) => testGitLabIntegration({ ctx: ctx.svc })),
  webhooks: adminProcedure.query(({ ctx }) => getWebhookSettings({ ctx: ctx.svc })),
  saveWebhooks: adminProcedure.input(webhookSettingsSchema).mutation(({ ctx, input }) => saveWebhookSettings({ ctx: ctx.svc, input })),
  clusters: adminProcedure.query(({ ctx }) => listClusters({ ctx: ctx.svc })),
  putCluster: adminProcedure.input(clusterInputSchema).mutation(({ ctx, input }) => putCluster({ ctx: ctx.svc, input })),
  deleteCluster: adminProcedure.input(z.object({ name: z.string().max(100) })).mutation(({ ctx, input }) => deleteCluster({ ctx: ctx.svc, input })),
  testCluster: adminProcedure.input(z.object({ name: z.string().max(100) })).mutation(({ ctx, input }) => testCluster({ ctx: ctx.svc, input })),
});
