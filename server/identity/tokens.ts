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
    /** Days until the token is refused; null or absent: it does not expire. */
    expiresInDays: z.number().int().min(1, { error: "must be at least 1 day" }).max(3650, { error: "must be at most 3650 days" }).nullish(),
  })
  .refine((t) => !t.builderTools || t.role === "admin", { path: ["builderTools"], error: "builder tools change the configuration: only an admin token has them" });

/** Creates a token; the secret is returned here once and only its hash is stored. */
export async function createApiToken({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof tokenCreateSchema> }) {
  requireAdmin(ctx, "manage API tokens");
  const { name, role, builderTools, expiresInDays } = parseInput(tokenCreateSchema, input, "Invalid token");
  const token = PREFIX + randomBytes(32).toString("base64url");
  const expiresAt = expiresInDays ? new Date(Date.now() + expiresInDays * 86_400_000) : null;
  return audited(ctx, async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({ name, role, builderTools, expiresAt, tokenHash: sha256(token), tokenPrefix: token.slice(0, 12), createdBy: actorLabel(ctx.actor) })
      .returning({ id: apiTokens.id, name: apiTokens.name, role: apiTokens.role, builderTools: apiTokens.builderTools, tokenPrefix: apiTokens.tokenPrefix, createdAt: apiTokens.createdAt, expiresAt: apiTokens.expiresAt });
    return {
      result: { ...row!, token },
      audit: { action: "api-token.create", resourceType: "api-token", resourceId: row!.id, after: { name, role, builderTools, tokenPrefix: row!.tokenPrefix, expiresAt: expiresAt?.toISOString() ?? null } },
    };
  });
}

export async function listApiTokens({ ctx }: { ctx: ServiceContext }) {
  requireAdmin(ctx, "manage API tokens");
  const rows = await ctx.db
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
      expiresAt: apiTokens.expiresAt,
    })
    .from(apiTokens)
    .orderBy(desc(apiTokens.createdAt));
  const now = Date.now();
  return rows.map((r) => ({ ...r, expired: Boolean(r.expiresAt && r.expiresAt.getTime() <= now) }));
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
    .select({ id: apiTokens.id, name: apiTokens.name, role: apiTokens.role, builderTools: apiTokens.builderTools, expiresAt: apiTokens.expiresAt })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, hash.toString("hex")), isNull(apiTokens.revokedAt)));
  if (!row) throw unauthorized("Invalid or revoked API token");
  // Only the holder of the token reads this: it says what to do rather than only "invalid".
  if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) throw unauthorized(`This API token expired on ${row.expiresAt.toISOString().slice(0, 10)}; an admin creates a new one in Admin → API tokens`);
  // Last use is bookkeeping, not a change: at most one write a minute per token.
  await db
    .update(apiTokens)
    .set({ lastUsedAt: new Date() })
    .where(and(eq(apiTokens.id, row.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, new Date(Date.now() - 60_000)))));
  return { kind: "token", id: row.id, name: row.name, role: row.role, ...(row.builderTools ? { builderTools: true } : {}) };
}
