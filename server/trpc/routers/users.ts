import { endUserSessions, endUserSessionsSchema } from "../../identity/sessions";
import { listUsers, setRoleSchema, setUserRole, userListSchema } from "../../identity/users";
import { adminProcedure, createTRPCRouter, protectedProcedure } from "../init";

export const usersRouter = createTRPCRouter({
  list: protectedProcedure.input(userListSchema).query(({ ctx, input }) => listUsers({ ctx: ctx.svc, input })),
  setRole: adminProcedure.input(setRoleSchema).mutation(({ ctx, input }) => setUserRole({ ctx: ctx.svc, input })),
  endSessions: adminProcedure.input(endUserSessionsSchema).mutation(({ ctx, input }) => endUserSessions({ ctx: ctx.svc, input })),
});
