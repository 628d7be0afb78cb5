import { eq } from "drizzle-orm";
import { z } from "zod";
import { integrations } from "@/db/schema";
import { audited } from "../audit/audited";
import { actorLabel, requireAdmin, type ServiceContext } from "../context";
import { decryptSecret, encryptSecret } from "../crypto";
import { invalid, parseInput } from "../errors";
import { assertOutboundAllowed, checkUrl, OutboundBlockedError } from "../integrations/outbound";

/**
 * Outgoing webhook settings (one `integrations` row, `webhooks`): the allowlist that lets
 * webhook invocations reach private addresses, the HMAC signing secret (encrypted, write-only),
 * and the Slack-compatible URL that approval and run notifications are posted to.
 */
const ID = "webhooks";

export const webhookSettingsSchema = z.object({
  allowlist: z.array(z.string().trim().min(1).max(200)).max(100).default([]),
  notificationUrl: z.union([z.literal(""), z.url({ protocol: /^https?$/, error: "must be an http(s) URL" })]).default(""),
  /** Empty keeps the stored secret. */
  signingSecret: z.string().trim().min(16, { error: "must be at least 16 characters" }).max(500).optional().or(z.literal("")),
});

const allowlistOf = (config: Record<string, string> | undefined): string[] => (config?.allowlist ? (JSON.parse(config.allowlist) as string[]) : []);

export async function webhookSettings(db: ServiceContext["db"]) {
  const [row] = await db.select().from(integrations).where(eq(integrations.id, ID));
  return {
    allowlist: allowlistOf(row?.config),
    notificationUrl: row?.config.notificationUrl ?? "",
    signingSecret: row?.secretEncrypted ? decryptSecret(row.secretEncrypted) : undefined,
    updatedAt: row?.updatedAt ?? null,
    updatedBy: row?.updatedBy ?? null,
  };
}

/** Private addresses an admin allowed Portico to reach (webhooks, clusters, GitHub Enterprise). */
export async function outboundAllowlist(db: ServiceContext["db"]): Promise<string[]> {
  // The configuration only: the signing secret is not decrypted for every cluster or GitHub call.
  const [row] = await db.select({ config: integrations.config }).from(integrations).where(eq(integrations.id, ID));
  return allowlistOf(row?.config);
}

/**
 * A URL an admin entered for an integration, checked by the outbound guard now: a blocked one is a
 * 400 at `path` naming the reason, so nothing is saved that Portico would refuse to call.
 */
export async function assertIntegrationUrl(db: ServiceContext["db"], url: string, path: string, message: string): Promise<void> {
  try {
    await assertOutboundAllowed(url, await outboundAllowlist(db));
  } catch (error) {
    if (error instanceof OutboundBlockedError) throw invalid(message, [{ path, message: error.message }]);
    throw error;
  }
}

export async function getWebhookSettings({ ctx }: { ctx: ServiceContext }) {
  requireAdmin(ctx, "manage integrations");
  const { signingSecret, ...rest } = await webhookSettings(ctx.db);
  return { ...rest, signingSecretSet: Boolean(signingSecret) };
}

export async function saveWebhookSettings({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof webhookSettingsSchema> }) {
  requireAdmin(ctx, "manage integrations");
  const parsed = parseInput(webhookSettingsSchema, input, "Invalid webhook settings");
  if (parsed.notificationUrl) {
    try {
      checkUrl(parsed.notificationUrl, parsed.allowlist);
    } catch (error) {
      throw invalid("Invalid webhook settings", [{ path: "/notificationUrl", message: (error as Error).message }]);
    }
  }
  return audited(ctx, async (tx) => {
    const [before] = await tx.select().from(integrations).where(eq(integrations.id, ID)).for("update");
    const config = { allowlist: JSON.stringify(parsed.allowlist), notificationUrl: parsed.notificationUrl };
    const secretEncrypted = parsed.signingSecret ? encryptSecret(parsed.signingSecret) : (before?.secretEncrypted ?? null);
    await tx
      .insert(integrations)
      .values({ id: ID, config, secretEncrypted, updatedBy: actorLabel(ctx.actor) })
      .onConflictDoUpdate({ target: integrations.id, set: { config, secretEncrypted, updatedAt: new Date(), updatedBy: actorLabel(ctx.actor) } });
    const view = (c: Record<string, string> | undefined, secret: string | null | undefined) =>
      c ? { allowlist: allowlistOf(c), notificationUrl: c.notificationUrl ?? "", signingSecret: secret ? "set" : null } : undefined;
    return {
      result: { ok: true },
      audit: { action: "integration.update", resourceType: "integration", resourceId: ID, before: view(before?.config, before?.secretEncrypted), after: view(config, secretEncrypted) },
    };
  });
}
