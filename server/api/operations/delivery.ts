import { z } from "zod";
import { createDeployment, deploymentInputSchema } from "../../delivery/deployments";
import { doraInputSchema, doraReport, serviceDelivery } from "../../delivery/service";
import { environmentDashboard, environmentsOverview } from "../../environments/dashboard";
import { creates, defineOperation, reads } from "../contract/operation";
import { deploymentSchema, doraSchema, environmentDashboardSchema, environmentSummarySchema, serviceDeliverySchema } from "../contract/schemas";

/** Deployments, DORA metrics and environments: what CI systems record and what on-call asks. */

export const createDeploymentOp = defineOperation({
  id: "deployments.create",
  method: "POST",
  path: "/api/v1/deployments",
  tag: "Delivery",
  summary: "Record a deployment",
  description:
    "For CI systems Portico does not watch. Admin tokens (or a user of the service's owning team). `service` and `environment` must exist in the catalog (400 names the one that does not). `status` defaults to SUCCESS; `commitAt` feeds lead time for changes. Audited as `deployment.create`.",
  auth: "token",
  role: "member",
  effect: creates,
  body: { schema: deploymentInputSchema },
  responses: { 201: { description: "Recorded", schema: deploymentSchema } },
  handle: async ({ ctx, body }) => ({ status: 201, body: await createDeployment({ ctx, input: body, source: "api" }) }),
});

export const serviceDeploymentsOp = defineOperation({
  id: "deployments.forService",
  method: "GET",
  path: "/api/v1/deployments",
  tag: "Delivery",
  summary: "A service's deployments and what runs where",
  description: "The version running in each environment (live from the cluster, or from the latest deployment), drift between stages, and the latest deployments.",
  auth: "token",
  role: "member",
  effect: reads,
  query: z.object({ service: z.string().max(100).meta({ description: "The service's identifier" }) }),
  responses: { 200: { description: "The service's delivery", schema: serviceDeliverySchema } },
  handle: async ({ ctx, query }) => ({ body: await serviceDelivery({ ctx, input: query }) }),
});

export const doraOp = defineOperation({
  id: "delivery.dora",
  method: "GET",
  path: "/api/v1/dora",
  tag: "Delivery",
  summary: "DORA metrics of a service, a team or the organisation",
  description: "Deployment frequency, lead time for changes, change failure rate and time to restore over the last `days`, with the period before for the trend. A team's include the services of the teams below it.",
  auth: "token",
  role: "member",
  effect: reads,
  query: doraInputSchema.extend({ days: z.coerce.number().int().min(7).max(365).default(30).meta({ description: "The period, in days (7 to 365)" }) }),
  responses: { 200: { description: "The metrics", schema: doraSchema } },
  handle: async ({ ctx, query }) => ({ body: await doraReport({ ctx, input: query }) }),
});

export const environmentsOp = defineOperation({
  id: "environments.list",
  method: "GET",
  path: "/api/v1/environments",
  tag: "Environments",
  summary: "Environments and their health",
  description: "Each environment with its cluster's status and how many of its services are healthy, with critical problems and warnings counted.",
  auth: "token",
  role: "member",
  effect: reads,
  responses: { 200: { description: "Every environment", schema: z.strictObject({ items: z.array(environmentSummarySchema) }) } },
  handle: async ({ ctx }) => ({ body: { items: await environmentsOverview({ ctx }) } }),
});

export const environmentOp = defineOperation({
  id: "environments.get",
  method: "GET",
  path: "/api/v1/environments/{id}",
  tag: "Environments",
  summary: "An environment's services, workloads and problems",
  auth: "token",
  role: "member",
  effect: reads,
  params: z.object({ id: z.string().max(100).meta({ description: "The environment's identifier" }) }),
  responses: { 200: { description: "The environment's dashboard", schema: environmentDashboardSchema } },
  handle: async ({ ctx, params }) => ({ body: await environmentDashboard({ ctx, input: { environment: params.id } }) }),
});
