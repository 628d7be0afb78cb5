import { auditFilterOptions, auditListSchema, listAuditEvents } from "../../audit/service";
import { adminProcedure, createTRPCRouter } from "../init";

export const auditRouter = createTRPCRouter({
  list: adminProcedure.input(auditListSchema).query(({ ctx, input }) => listAuditEvents({ ctx: ctx.svc, input })),
  filterOptions: adminProcedure.query(({ ctx }) => auditFilterOptions({ ctx: ctx.svc })),
});
