import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { apiTokens, roles } from "@/db/schema";
import { audited } from "../audit/audited";
import { actorLabel, requireAdmin, type ServiceContext, type TokenActor } from "../context";
import { notFound, parseInput, unauthorized } from "../errors";

const PREFIX = "ptc_";
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

export const tokenCreateSchema = z
  .object({
    name: z.string().trim().min(1, { error: "A name is required" }).max(100),
    role: z.enum(roles),
    /** AI assistants connected with it (MCP) get the builder tools too: they may change blueprints, scorecards and actions. */
    builderTools: z.boolean().default(false),
  })
  .refine((t) => !t.builderTools || t.role === "admin", { path: ["builderTools"], error: "builder tools change the configuration: only an admin token has them" });

/** Creates a token; the secret is returned here once and only its hash is stored. */
export async function createApiToken({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof tokenCreateSchema> }) {
  requireAdmin(ctx, "manage API tokens");
  const { name, role, builderTools } = parseInput(tokenCreateSchema, input, "Invalid token");
  const token = PREFIX + randomBytes(32).toString("base64url");
  return audited(ctx, async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({ name, role, builderTools, tokenHash: sha256(token), tokenPrefix: token.slice(0, 12), createdBy: actorLabel(ctx.actor) })
      .returning({ id: apiTokens.id, name: apiTokens.name, role: apiTokens.role, builderTools: apiTokens.builderTools, tokenPrefix: apiTokens.tokenPrefix, createdAt: apiTokens.createdAt });
    return {
      result: { ...row!, token },
      audit: { action: "api-token.create", resourceType: "api-token", resourceId: row!.id, after: { name, role, builderTools, tokenPrefix: row!.tokenPrefix } },
    };
  });
}

export async function listApiTokens({ ctx }: { ctx: ServiceContext }) {
  requireAdmin(ctx, "manage API tokens");
  return ctx.db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      role: apiTokens.role,
      builderTools: apiTokens.builderTools,
      tokenPrefix: apiTokens.tokenPrefix,
      createdBy: apiTokens.createdBy,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .orderBy(desc(apiTokens.createdAt));
}

export async function revokeApiToken({ ctx, input }: { ctx: ServiceContext; input: { id: string } }) {
  requireAdmin(ctx, "manage API tokens");
  return audited(ctx, async (tx) => {
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, input.id), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id, name: apiTokens.name, role: apiTokens.role });
    if (!row) throw notFound("Active token");
    return { result: row, audit: { action: "api-token.revoke", resourceType: "api-token", resourceId: row.id, before: { name: row.name, role: row.role } } };
  });
}

export type StaticToken = { name: string; role: "admin" | "member"; secret: string };

/** Resolves `Authorization: Bearer …` to a token actor, or throws 401. */
export async function authenticateBearer(db: DbOrTx, header: string | null, staticTokens: StaticToken[]): Promise<TokenActor> {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  if (!match) throw unauthorized("Send an API token as Authorization: Bearer <token>");
  const token = match[1]!;
  const hash = Buffer.from(sha256(token), "hex");
  // Static tokens from configuration: compared by hash in constant time.
  for (const s of staticTokens) {
    if (timingSafeEqual(hash, Buffer.from(sha256(s.secret), "hex"))) return { kind: "token", id: `static:${s.name}`, name: s.name, role: s.role };
  }
  if (!token.startsWith(PREFIX)) throw unauthorized("Invalid or revoked API token");
  const [row] = await db
    .select({ id: apiTokens.id, name: apiTokens.name, role: apiTokens.role, builderTools: apiTokens.builderTools })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, hash.toString("hex")), isNull(apiTokens.revokedAt)));
  if (!row) throw unauthorized("Invalid or revoked API token");
  // Last use is bookkeeping, not a change: at most one write a minute per token.
  await db
    .update(apiTokens)
    .set({ lastUsedAt: new Date() })
    .where(and(eq(apiTokens.id, row.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, new Date(Date.now() - 60_000)))));
  return { kind: "token", id: row.id, name: row.name, role: row.role, ...(row.builderTools ? { builderTools: true } : {}) };
}
