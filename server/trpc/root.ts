import { createCallerFactory, createTRPCRouter } from "./init";
import { blueprintsRouter, importRouter, integrationsRouter, tokensRouter } from "./routers/admin";
import { actionsRouter, notificationsRouter, runsRouter } from "./routers/actions";
import { assistantsRouter } from "./routers/assistants";
import { auditRouter } from "./routers/audit";
import { campaignsRouter } from "./routers/campaigns";
import { catalogRouter } from "./routers/catalog";
import { deliveryRouter, environmentsRouter } from "./routers/delivery";
import { docsRouter } from "./routers/docs";
import { insightsRouter } from "./routers/insights";
import { meRouter } from "./routers/me";
import { scorecardsRouter } from "./routers/scorecards";
import { teamsRouter } from "./routers/teams";
import { usersRouter } from "./routers/users";

export const appRouter = createTRPCRouter({
  me: meRouter,
  teams: teamsRouter,
  users: usersRouter,
  audit: auditRouter,
  catalog: catalogRouter,
  scorecards: scorecardsRouter,
  campaigns: campaignsRouter,
  actions: actionsRouter,
  runs: runsRouter,
  notifications: notificationsRouter,
  environments: environmentsRouter,
  delivery: deliveryRouter,
  docs: docsRouter,
  insights: insightsRouter,
  blueprints: blueprintsRouter,
  tokens: tokensRouter,
  assistants: assistantsRouter,
  import: importRouter,
  integrations: integrationsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
