import { z } from "zod";
import { resourceHistory } from "../../audit/service";
import { withComputed } from "../../catalog/computed";
import { deleteEntity, entityInputSchema, entityPatchSchema, getEntity, incomingRelations, mirrorValues, outgoingRelations, patchEntity, upsertEntities } from "../../catalog/entities";
import { entityFacets, entitySearchSchema, facetSchema, searchAllEntities, searchEntities } from "../../catalog/search";
import { getBlueprint, listBlueprints } from "../../catalog/service";
import { propertiesFormSchema } from "../../catalog/validation";
import { createTRPCRouter, protectedProcedure } from "../init";

const entityRef = z.object({ blueprint: z.string().max(100), identifier: z.string().max(100) });

export const catalogRouter = createTRPCRouter({
  blueprints: protectedProcedure.query(({ ctx }) => listBlueprints({ ctx: ctx.svc })),
  blueprint: protectedProcedure
    .input(z.object({ identifier: z.string().max(100) }))
    .query(({ ctx, input }) => getBlueprint({ ctx: ctx.svc, input })),
  /** The JSON Schema of a blueprint's properties, for the generated entity form. */
  formSchema: protectedProcedure.input(z.object({ blueprint: z.string().max(100) })).query(async ({ ctx, input }) => {
    const bp = await getBlueprint({ ctx: ctx.svc, input: { identifier: input.blueprint } });
    return propertiesFormSchema(bp.schema);
  }),
  entities: protectedProcedure.input(entitySearchSchema).query(({ ctx, input }) => searchEntities({ ctx: ctx.svc, input })),
  facets: protectedProcedure.input(facetSchema).query(({ ctx, input }) => entityFacets({ ctx: ctx.svc, input })),
  searchAll: protectedProcedure
    .input(z.object({ q: z.string().max(200), limit: z.number().int().min(1).max(50).optional() }))
    .query(({ ctx, input }) => searchAllEntities({ ctx: ctx.svc, input })),
  entity: protectedProcedure.input(entityRef).query(async ({ ctx, input }) => (await withComputed(ctx.svc.db, input.blueprint, [await getEntity({ ctx: ctx.svc, input })]))[0]!),
  incoming: protectedProcedure.input(entityRef).query(({ ctx, input }) => incomingRelations({ ctx: ctx.svc, input })),
  outgoing: protectedProcedure.input(entityRef).query(({ ctx, input }) => outgoingRelations({ ctx: ctx.svc, input })),
  mirrors: protectedProcedure.input(entityRef).query(({ ctx, input }) => mirrorValues({ ctx: ctx.svc, input })),
  history: protectedProcedure
    .input(z.object({ resourceType: z.enum(["entity", "blueprint", "scorecard"]), resourceId: z.string().max(201) }))
    .query(({ ctx, input }) => resourceHistory({ ctx: ctx.svc, input })),
  createEntity: protectedProcedure
    .input(z.object({ blueprint: z.string().max(100), entity: entityInputSchema }))
    .mutation(async ({ ctx, input }) => {
      const [r] = await upsertEntities({ ctx: ctx.svc, input: { blueprint: input.blueprint, entities: [input.entity], mode: "create", bulk: false } });
      return r!.entity;
    }),
  updateEntity: protectedProcedure
    .input(entityRef.extend({ patch: entityPatchSchema }))
    .mutation(({ ctx, input }) => patchEntity({ ctx: ctx.svc, input })),
  deleteEntity: protectedProcedure.input(entityRef).mutation(({ ctx, input }) => deleteEntity({ ctx: ctx.svc, input })),
});
