import { z } from "zod";
import { getEntity } from "../../catalog/entities";
import { entityFacets, entitySearchSchema, facetSchema, searchEntities } from "../../catalog/search";
import { getBlueprint, listBlueprints } from "../../catalog/service";
import { createTRPCRouter, protectedProcedure } from "../init";

export const catalogRouter = createTRPCRouter({
  blueprints: protectedProcedure.query(({ ctx }) => listBlueprints({ ctx: ctx.svc })),
  blueprint: protectedProcedure
    .input(z.object({ identifier: z.string().max(100) }))
    .query(({ ctx, input }) => getBlueprint({ ctx: ctx.svc, input })),
  entities: protectedProcedure.input(entitySearchSchema).query(({ ctx, input }) => searchEntities({ ctx: ctx.svc, input })),
  facets: protectedProcedure.input(facetSchema).query(({ ctx, input }) => entityFacets({ ctx: ctx.svc, input })),
  entity: protectedProcedure
    .input(z.object({ blueprint: z.string().max(100), identifier: z.string().max(100) }))
    .query(({ ctx, input }) => getEntity({ ctx: ctx.svc, input })),
});
