import { eq, like } from "drizzle-orm";
import { z } from "zod";
import { integrations } from "@/db/schema";
import { audited } from "../audit/audited";
import { actorLabel, requireAdmin, type ServiceContext } from "../context";
import { decryptSecret, encryptSecret } from "../crypto";
import { invalid, notFound, parseInput, toDomainError } from "../errors";
import { assertIntegrationUrl, outboundAllowlist } from "../actions/settings";
import { assertOutboundAllowed } from "../integrations/outbound";
import { identifierSchema } from "../identity/teams";
import { getEnv } from "../env";
import { inClusterConnection } from "../integrations/in-cluster";
import { KubeConfig } from "@kubernetes/client-node";
import { kubernetesClient, kubernetesErrorMessage, type ClusterConnection } from "../integrations/kubernetes";

/**
 * Connected Kubernetes clusters, one `integrations` row each (`kubernetes:<name>`): the API server
 * and CA in the clear, the bearer token encrypted. The token never leaves the server. Or "this cluster":
 * the one Portico's pod runs in, with the pod's service account (nothing stored but the choice).
 */
const PREFIX = "kubernetes:";

const serverUrl = z.url({ protocol: /^https?$/, error: "must be the API server's URL, such as https://k8s.example.com:6443" });

export const clusterInputSchema = z
  .object({
    name: identifierSchema,
    server: serverUrl.optional(),
    caData: z.string().trim().max(20_000).optional(),
    skipTlsVerify: z.boolean().default(false),
    /** Empty keeps the stored token. */
    token: z.string().trim().max(10_000).optional(),
    /** A kubeconfig (YAML): its current context's server, CA and bearer token replace the fields above. */
    kubeconfig: z.string().trim().max(200_000).optional(),
    /** The cluster Portico runs in, with its pod's service account: no server, CA or token to enter. */
    inCluster: z.boolean().default(false),
  })
  .refine((c) => c.server || c.kubeconfig || c.inCluster, { path: ["server"], message: "is required (or paste a kubeconfig)" });

/**
 * The server, CA and token of a kubeconfig's current context. Only what Portico can use from a
 * server: inline certificate data and a bearer token (not files, client certificates or exec plugins).
 */
export function fromKubeconfig(text: string): { server: string; caData?: string; skipTlsVerify: boolean; token: string } {
  const fail = (message: string) => invalid("Invalid cluster", [{ path: "/kubeconfig", message }]);
  const kc = new KubeConfig();
  try {
    kc.loadFromString(text);
  } catch (error) {
    throw fail(`is not a kubeconfig: ${(error as Error).message}`);
  }
  const cluster = kc.getCurrentCluster();
  const user = kc.getCurrentUser();
  if (!cluster) throw fail("has no current context with a cluster");
  if (!serverUrl.safeParse(cluster.server).success) throw fail(`names a server Portico cannot use: ${cluster.server}`);
  if (cluster.caFile) throw fail("points at a CA file; use certificate-authority-data instead");
  if (!user?.token) throw fail("has no bearer token for its user (client certificates, token files and exec plugins are not supported): use a service account's token");
  return { server: cluster.server, caData: cluster.caData ? Buffer.from(cluster.caData, "base64").toString("utf8") : undefined, skipTlsVerify: Boolean(cluster.skipTLSVerify), token: user.token };
}

type ClusterRow = typeof integrations.$inferSelect;

function toClusterJson(row: ClusterRow) {
  const inCluster = row.config.inCluster === "true";
  return {
    name: row.id.slice(PREFIX.length),
    server: row.config.server ?? "",
    caData: row.config.caData ?? "",
    skipTlsVerify: row.config.skipTlsVerify === "true",
    inCluster,
    tokenSet: Boolean(row.secretEncrypted) || inCluster,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  };
}

export async function listClusters({ ctx }: { ctx: ServiceContext }) {
  requireAdmin(ctx, "manage clusters");
  const rows = await ctx.db.select().from(integrations).where(like(integrations.id, `${PREFIX}%`)).orderBy(integrations.id);
  return rows.map(toClusterJson);
}

export async function putCluster({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof clusterInputSchema> }) {
  requireAdmin(ctx, "manage clusters");
  const input0 = parseInput(clusterInputSchema, input, "Invalid cluster");
  if (input0.inCluster) return putInCluster(ctx, input0.name);
  const parsed = input0.kubeconfig ? { ...input0, ...fromKubeconfig(input0.kubeconfig) } : { ...input0, server: input0.server! };
  const id = PREFIX + parsed.name;
  await assertIntegrationUrl(ctx.db, parsed.server, input0.kubeconfig ? "/kubeconfig" : "/server", "Invalid cluster");
  return audited(ctx, async (tx) => {
    const [before] = await tx.select().from(integrations).where(eq(integrations.id, id)).for("update");
    if (!parsed.token && !before?.secretEncrypted) throw invalid("Invalid cluster", [{ path: "/token", message: "a bearer token is required" }]);
    // A stored token belongs to the server it was entered for: it never follows a changed URL.
    if (!parsed.token && before && before.config.server !== parsed.server) {
      throw invalid("Invalid cluster", [{ path: "/token", message: "the API server changed: enter its token again (the stored one is only sent to the server it was entered for)" }]);
    }
    const config = { server: parsed.server, caData: parsed.caData ?? "", skipTlsVerify: String(parsed.skipTlsVerify) };
    const secretEncrypted = parsed.token ? encryptSecret(parsed.token) : before!.secretEncrypted;
    const [saved] = await tx
      .insert(integrations)
      .values({ id, config, secretEncrypted, updatedBy: actorLabel(ctx.actor) })
      .onConflictDoUpdate({ target: integrations.id, set: { config, secretEncrypted, updatedAt: new Date(), updatedBy: actorLabel(ctx.actor) } })
      .returning();
    return {
      result: toClusterJson(saved!),
      audit: {
        action: before ? "cluster.update" : "cluster.create",
        resourceType: "cluster",
        resourceId: parsed.name,
        before: before ? toClusterJson(before) : undefined,
        after: { ...toClusterJson(saved!), tokenChanged: Boolean(parsed.token) },
      },
    };
  });
}

/** "This cluster" seen from this process: undefined outside a pod or without a mounted token. */
function podConnection(name: string): ClusterConnection | undefined {
  const env = getEnv();
  return env.inClusterServer ? inClusterConnection(name, { server: env.inClusterServer, serviceAccountDir: env.PORTICO_SERVICE_ACCOUNT_DIR }) : undefined;
}

/** "This cluster": refused, saying why, unless Portico runs in a pod with its service account token mounted. */
async function putInCluster(ctx: ServiceContext, name: string) {
  const env = getEnv();
  const fail = (message: string) => invalid("Invalid cluster", [{ path: "/inCluster", message }]);
  if (!env.inClusterServer) throw fail("Portico is not running in a Kubernetes pod (KUBERNETES_SERVICE_HOST is not set): enter the cluster's API server and a token");
  if (!podConnection(name)) {
    throw fail(`no service account token in ${env.PORTICO_SERVICE_ACCOUNT_DIR}: the pod needs automountServiceAccountToken: true`);
  }
  const id = PREFIX + name;
  const config = { inCluster: "true", server: env.inClusterServer, caData: "", skipTlsVerify: "false" };
  return audited(ctx, async (tx) => {
    const [before] = await tx.select().from(integrations).where(eq(integrations.id, id)).for("update");
    const [saved] = await tx
      .insert(integrations)
      .values({ id, config, secretEncrypted: null, updatedBy: actorLabel(ctx.actor) })
      .onConflictDoUpdate({ target: integrations.id, set: { config, secretEncrypted: null, updatedAt: new Date(), updatedBy: actorLabel(ctx.actor) } })
      .returning();
    return {
      result: toClusterJson(saved!),
      audit: { action: before ? "cluster.update" : "cluster.create", resourceType: "cluster", resourceId: name, before: before ? toClusterJson(before) : undefined, after: toClusterJson(saved!) },
    };
  });
}

export async function deleteCluster({ ctx, input }: { ctx: ServiceContext; input: { name: string } }) {
  requireAdmin(ctx, "manage clusters");
  return audited(ctx, async (tx) => {
    const [before] = await tx.delete(integrations).where(eq(integrations.id, PREFIX + input.name)).returning();
    if (!before) throw notFound(`Cluster ${input.name}`);
    return { result: { name: input.name }, audit: { action: "cluster.delete", resourceType: "cluster", resourceId: input.name, before: toClusterJson(before) } };
  });
}

/**
 * The connection for server-side use (dispatch, sync); undefined when no such cluster is connected.
 * The API server passes the outbound guard again before each use (an allowlist entry removed, or a
 * name that resolves elsewhere now, stops the token from being sent): OutboundBlockedError otherwise.
 */
export async function clusterConnection(db: ServiceContext["db"], name: string): Promise<ClusterConnection | undefined> {
  const [row] = await db.select().from(integrations).where(eq(integrations.id, PREFIX + name));
  // The pod's own API server, at the address Kubernetes gave the pod: not an outbound destination to guard.
  if (row?.config.inCluster === "true") return podConnection(name);
  if (!row?.secretEncrypted) return undefined;
  await assertOutboundAllowed(row.config.server!, await outboundAllowlist(db));
  return { name, server: row.config.server!, caData: row.config.caData || undefined, skipTlsVerify: row.config.skipTlsVerify === "true", token: decryptSecret(row.secretEncrypted) };
}

/** "Test connection": asks the API server for its version, with the reason when it cannot. */
export async function testCluster({ ctx, input }: { ctx: ServiceContext; input: { name: string } }) {
  requireAdmin(ctx, "manage clusters");
  try {
    const connection = await clusterConnection(ctx.db, input.name);
    if (!connection) throw notFound(`Cluster ${input.name}`);
    const version = await kubernetesClient(connection).version();
    return { ok: true as const, version: version.gitVersion };
  } catch (error) {
    if (toDomainError(error)) throw error;
    return { ok: false as const, error: kubernetesErrorMessage(error) };
  }
}
