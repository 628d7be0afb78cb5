import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { oauthClients, oauthGrants, users } from "@/db/schema";
import { audited } from "../audit/audited";
import { actorLabel, type ServiceContext } from "../context";
import { forbidden, notFound, unauthorized } from "../errors";

export const grantListSchema = z.object({ everyone: z.boolean().default(false) }).strict();

/**
 * The assistants connected through OAuth (Connected assistants): a user's own; an admin may list everyone's.
 * Active grants only: a revoked one has no tokens left and is in the audit log.
 */
export async function listGrants({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof grantListSchema> }) {
  if (ctx.actor.kind !== "user") throw unauthorized();
  const { everyone } = grantListSchema.parse(input);
  if (everyone && ctx.actor.role !== "admin") throw forbidden("Only admins see everyone's connected assistants");
  const rows = await ctx.db
    .select({
      id: oauthGrants.id,
      client: oauthClients.name,
      clientId: oauthClients.id,
      redirectUris: oauthClients.redirectUris,
      scopes: oauthGrants.scopes,
      user: users.email,
      createdAt: oauthGrants.createdAt,
      lastUsedAt: oauthGrants.lastUsedAt,
    })
    .from(oauthGrants)
    .innerJoin(oauthClients, eq(oauthClients.id, oauthGrants.clientId))
    .innerJoin(users, eq(users.id, oauthGrants.userId))
    .where(and(isNull(oauthGrants.revokedAt), everyone ? undefined : eq(oauthGrants.userId, ctx.actor.id)))
    .orderBy(desc(oauthGrants.createdAt))
    .limit(500);
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), lastUsedAt: r.lastUsedAt?.toISOString() ?? null }));
}

/** Disconnects an assistant: its access and refresh tokens stop working at once (the next MCP call is a 401). */
export async function revokeGrant({ ctx, input }: { ctx: ServiceContext; input: { id: string } }) {
  if (ctx.actor.kind !== "user") throw unauthorized();
  const actor = ctx.actor;
  return audited(ctx, async (tx) => {
    const [grant] = await tx
      .select({ id: oauthGrants.id, userId: oauthGrants.userId, client: oauthClients.name, scopes: oauthGrants.scopes })
      .from(oauthGrants)
      .innerJoin(oauthClients, eq(oauthClients.id, oauthGrants.clientId))
      .where(and(eq(oauthGrants.id, input.id), isNull(oauthGrants.revokedAt)))
      .for("update", { of: oauthGrants });
    // Someone else's grant is as absent as a missing one to a member: its id tells nothing.
    if (!grant || (grant.userId !== actor.id && actor.role !== "admin")) throw notFound("Connected assistant");
    await tx.update(oauthGrants).set({ revokedAt: new Date(), revokedBy: actorLabel(actor) }).where(eq(oauthGrants.id, grant.id));
    return { result: { id: grant.id }, audit: { action: "oauth-grant.revoke", resourceType: "oauth-grant", resourceId: grant.id, before: { client: grant.client, scopes: grant.scopes } } };
  });
}
