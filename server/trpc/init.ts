import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { transformer } from "@/components/trpc/transformer";
import type { Db } from "@/db/client";
import type { ServiceContext, UserActor } from "../context";
import { postgresErrorCode, toDomainError, type DomainError } from "../errors";
import { log } from "../log";

export type TRPCContext = {
  db: Db;
  user: UserActor | undefined;
  requestId: string;
  clientRequestId?: string | null;
  ip: string | null;
};

const trpcCode: Record<DomainError["code"], TRPCError["code"]> = {
  VALIDATION: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
};

const t = initTRPC.context<TRPCContext>().create({
  transformer,
  errorFormatter({ shape, error, ctx }) {
    const domain = error.cause instanceof Error ? toDomainError(error.cause) : undefined;
    const internal = error.code === "INTERNAL_SERVER_ERROR";
    return {
      ...shape,
      message: internal ? `Something went wrong on our side (request ${ctx?.requestId ?? "unknown"})` : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        requestId: ctx?.requestId,
        details: domain?.details,
        fieldErrors: error.cause instanceof ZodError ? error.cause.flatten().fieldErrors : undefined,
      },
    };
  },
});

/** Domain errors become their tRPC codes; anything else stays INTERNAL_SERVER_ERROR and is logged. */
const mapErrors = t.middleware(async ({ ctx, next, path, type }) => {
  const result = await next();
  if (!result.ok && result.error.code === "INTERNAL_SERVER_ERROR") {
    const domain = toDomainError(result.error.cause);
    const sqlstate = postgresErrorCode(result.error.cause);
    if (domain) {
      if (sqlstate) log.info("procedure refused by the database", { requestId: ctx.requestId, path, sqlstate, code: domain.code });
      throw new TRPCError({ code: trpcCode[domain.code], message: domain.message, cause: domain });
    }
    log.error("procedure failed", { requestId: ctx.requestId, path, type, ...(sqlstate ? { sqlstate } : {}), error: result.error.cause ?? result.error });
  }
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = t.procedure.use(mapErrors);

/** A signed-in user; `ctx.svc` is the service context that every service function takes. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first" });
  const svc: ServiceContext = { db: ctx.db, actor: ctx.user, origin: "ui", requestId: ctx.requestId, clientRequestId: ctx.clientRequestId, ip: ctx.ip };
  return next({ ctx: { ...ctx, user: ctx.user, svc } });
});

export const adminProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== "admin") throw new TRPCError({ code: "FORBIDDEN", message: "Only admins can do this" });
  return next();
});
