import { eq } from "drizzle-orm";
import { integrations } from "@/db/schema";
import { audited } from "../audit/audited";
import { actorLabel, type ServiceContext } from "../context";
import { encryptSecret } from "../crypto";
import { invalid } from "../errors";

/**
 * Saves an integration's settings and token (encrypted) in the `integrations` table, audited as
 * `integration.update` with only whether the token is set. A stored token belongs to the URL it was entered
 * for: it never follows a changed URL (the admin enters it again). GitHub's and GitLab's connections use it.
 */
export async function saveIntegration(
  ctx: ServiceContext,
  s: { id: string; name: string; config: Record<string, string>; urlKey: string; urlLabel: string; token?: string; tokenRequired?: string },
) {
  return audited(ctx, async (tx) => {
    const [before] = await tx.select().from(integrations).where(eq(integrations.id, s.id)).for("update");
    if (!s.token && before?.secretEncrypted && (before.config[s.urlKey] ?? "") !== (s.config[s.urlKey] ?? "")) {
      throw invalid(`Invalid ${s.name} settings`, [{ path: "/token", message: `the ${s.urlLabel} changed: enter the token again (the stored one is only sent to the URL it was entered for)` }]);
    }
    if (s.tokenRequired && !s.token && !before?.secretEncrypted) throw invalid(`Invalid ${s.name} settings`, [{ path: "/token", message: s.tokenRequired }]);
    const secretEncrypted = s.token ? encryptSecret(s.token) : (before?.secretEncrypted ?? null);
    const set = { config: s.config, secretEncrypted, updatedAt: new Date(), updatedBy: actorLabel(ctx.actor) };
    await tx
      .insert(integrations)
      .values({ id: s.id, ...set })
      .onConflictDoUpdate({ target: integrations.id, set });
    return {
      result: { ok: true },
      audit: {
        action: "integration.update",
        resourceType: "integration",
        resourceId: s.id,
        // `token` keys are redacted by the audit helper; this records only that it changed.
        before: before ? { ...before.config, token: before.secretEncrypted ? "set" : null } : undefined,
        after: { ...s.config, token: secretEncrypted ? "set" : null, tokenChanged: Boolean(s.token) },
      },
    };
  });
}
