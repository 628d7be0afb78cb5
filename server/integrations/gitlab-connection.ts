import { eq } from "drizzle-orm";
import { z } from "zod";
import { integrations } from "@/db/schema";
import { assertIntegrationUrl, outboundAllowlist } from "../actions/settings";
import { requireAdmin, type ServiceContext } from "../context";
import { decryptSecret } from "../crypto";
import { invalid, parseInput, toDomainError } from "../errors";
import { describeGitLabError, gitlabClient } from "./gitlab";
import { assertOutboundAllowed, OutboundBlockedError } from "./outbound";
import { saveIntegration } from "./stored";

const ID = "gitlab";

/** Admin → Integrations → GitLab: the instance's URL and an access token with the `api` scope. */
export const gitlabSettingsSchema = z
  .object({
    url: z.url({ protocol: /^https?$/, error: "must be the GitLab instance's URL, such as https://gitlab.com or https://gitlab.example.com" }),
    /** Empty or absent keeps the stored token. */
    token: z.string().trim().max(500).optional(),
  })
  .strict();

async function stored(db: ServiceContext["db"]) {
  const [row] = await db.select().from(integrations).where(eq(integrations.id, ID));
  return row;
}

/** The GitLab connection for pipeline actions: undefined until an admin saved a URL and a token. */
export async function gitlabConnection(db: ServiceContext["db"]): Promise<{ url: string; token: string } | undefined> {
  const row = await stored(db);
  if (!row?.secretEncrypted || !row.config.url) return undefined;
  // The URL was entered in the UI: it passes the outbound guard before each use, as GitHub Enterprise's does.
  await assertOutboundAllowed(row.config.url, await outboundAllowlist(db));
  return { url: row.config.url, token: decryptSecret(row.secretEncrypted) };
}

/** What the admin page shows: never the token, only whether one is stored. */
export async function getGitLabIntegration({ ctx }: { ctx: ServiceContext }) {
  requireAdmin(ctx, "manage integrations");
  const row = await stored(ctx.db);
  return {
    url: row?.config.url ?? "",
    tokenSet: Boolean(row?.secretEncrypted),
    configured: Boolean(row?.config.url && row.secretEncrypted),
    updatedAt: row?.updatedAt ?? null,
    updatedBy: row?.updatedBy ?? null,
  };
}

export async function saveGitLabIntegration({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof gitlabSettingsSchema> }) {
  requireAdmin(ctx, "manage integrations");
  const { url, token } = parseInput(gitlabSettingsSchema, input, "Invalid GitLab settings");
  await assertIntegrationUrl(ctx.db, url, "/url", "Invalid GitLab settings");
  return saveIntegration(ctx, { id: ID, name: "GitLab", config: { url }, urlKey: "url", urlLabel: "URL", token, tokenRequired: "is required: an access token with the api scope" });
}

/** Calls GitLab with the stored settings: who the token is, or GitLab's answer in words. Changes nothing. */
export async function testGitLabIntegration({ ctx }: { ctx: ServiceContext }) {
  requireAdmin(ctx, "manage integrations");
  try {
    const connection = await gitlabConnection(ctx.db);
    if (!connection) throw invalid("GitLab is not connected", [{ path: "/url", message: "save the GitLab URL and a token first" }]);
    return { ok: true as const, username: (await gitlabClient(connection).currentUser()).username };
  } catch (error) {
    if (toDomainError(error)) throw error;
    return { ok: false as const, error: error instanceof OutboundBlockedError ? `Blocked: ${error.message}` : describeGitLabError(error) };
  }
}
