import type { BlockList } from "node:net";
import { z } from "zod";
import { trustedProxyList } from "./request";

/**
 * The one place that reads process.env. Everything else asks `getEnv()`.
 * Parsing is lazy so that `next build` does not need a runtime configuration;
 * the server calls it once at start (instrumentation.ts) and fails fast there.
 */

const boolean = z
  .enum(["true", "false", "1", "0", "yes", "no"], {
    error: "must be true or false",
  })
  .transform((v) => v === "true" || v === "1" || v === "yes");

const list = z
  .string()
  .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean));

const url = z.url({ error: "must be a URL such as https://portal.example.com" });

const staticToken = z
  .string()
  .regex(/^[A-Za-z0-9_.-]+:(admin|member):.{16,}$/, {
    error: "each token must read name:role:secret with role admin or member and a secret of at least 16 characters",
  })
  .transform((v) => {
    const [name, role, ...secret] = v.split(":");
    return { name: name!, role: role as "admin" | "member", secret: secret.join(":") };
  });

const settings = z.object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, { error: "must be a postgres:// or postgresql:// URL" })
      .optional(),
    /** Set by scripts/portico.ts when it started the embedded PostgreSQL; not for users. */
    PORTICO_EMBEDDED_DATABASE_URL: z.string().optional(),
    PORTICO_DATA_DIR: z.string().default(".portico"),
    PORT: z.coerce.number({ error: "must be a port number" }).int().min(1).max(65535).default(3000),
    AUTH_URL: url.optional(),
    AUTH_SECRET: z.string().min(32, { error: "must be at least 32 characters (openssl rand -base64 33)" }).optional(),
    AUTH_OIDC_ISSUER: url.optional(),
    AUTH_OIDC_ID: z.string().min(1).optional(),
    AUTH_OIDC_SECRET: z.string().min(1).optional(),
    AUTH_OIDC_NAME: z.string().min(1).default("Single sign-on"),
    /** Scopes asked of the OIDC provider; add `offline_access` (Okta, Entra ID) for refresh tokens. */
    AUTH_OIDC_SCOPE: z.string().min(1).default("openid profile email"),
    /** The IdP vouches for every address it sends (it never sends `email_verified`): count them as verified. */
    AUTH_OIDC_TRUST_EMAIL: boolean.default(false),
    /** Use an email-shaped `preferred_username` or `upn` when the IdP sends no `email` (Entra ID). */
    AUTH_OIDC_EMAIL_FROM_USERNAME: boolean.default(false),
    AUTH_GITHUB_ID: z.string().min(1).optional(),
    AUTH_GITHUB_SECRET: z.string().min(1).optional(),
    /** GitHub Enterprise Server's address for GitHub sign-in (default github.com). */
    AUTH_GITHUB_URL: url.optional(),
    PORTICO_GROUPS_CLAIM: z.string().min(1).default("groups"),
    /** The claim whose values give the admin role; default: PORTICO_GROUPS_CLAIM (Entra app roles: `roles`). */
    PORTICO_ADMIN_CLAIM: z.string().min(1).optional(),
    PORTICO_ADMIN_GROUPS: list.default([]),
    /** How often a signed-in user's roles and groups are re-read from the IdP. */
    PORTICO_SESSION_REVALIDATE_SECONDS: z.coerce.number({ error: "must be a number of seconds" }).int().min(1).max(86400).default(300),
    PORTICO_STATIC_TOKENS: z
      .string()
      .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean))
      .pipe(z.array(staticToken))
      .default([]),
    PORTICO_ENCRYPTION_KEY: z.string().min(32, { error: "must be at least 32 characters" }).optional(),
    PORTICO_DEMO_DATA: boolean.default(true),
    /** GitHub catalog discovery from configuration (the admin UI can set them instead). */
    PORTICO_GITHUB_TOKEN: z.string().min(1).optional(),
    PORTICO_GITHUB_ORG: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/, { error: "must be a GitHub organisation name" }).optional(),
    PORTICO_GITHUB_API_URL: url.optional(),
    PORTICO_LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
    /** How long a replica's claim on a run holds: after a crash, another replica (or the restarted one) takes the run over then. */
    PORTICO_RUN_LEASE_SECONDS: z.coerce.number({ error: "must be a number of seconds" }).int().min(2).max(3600).default(120),
    /** Server processes `npm start` runs on the one port; unset, one per core up to four. */
    PORTICO_WORKERS: z.coerce.number({ error: "must be a number of processes" }).int().min(1).max(64).optional(),
    /** REST API requests per minute for one token (or one address without a token); 0 turns the limit off. */
    /** CIDRs of proxies whose X-Forwarded-For is believed; none by default (the connection's address is the client). */
    PORTICO_TRUSTED_PROXIES: list.default([]).superRefine((cidrs, ctx) => {
      try {
        trustedProxyList(cidrs);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: `${(error as Error).message}; use CIDRs such as 10.0.0.0/8,fd00::/8` });
      }
    }),
    PORTICO_API_RATE_LIMIT: z.coerce.number({ error: "must be a number of requests per minute" }).int().min(0).default(600),
    /** Where the pod's service account token and CA are mounted (Admin → Integrations → "this cluster"). */
    PORTICO_SERVICE_ACCOUNT_DIR: z.string().min(1).default("/var/run/secrets/kubernetes.io/serviceaccount"),
});

/** Every setting Portico reads, by name (the Kubernetes manifests are checked to carry each, or say why not). */
export const SETTING_NAMES = Object.keys(settings.shape);

const schema = settings
  .superRefine((e, ctx) => {
    const oidc = [e.AUTH_OIDC_ISSUER, e.AUTH_OIDC_ID, e.AUTH_OIDC_SECRET].filter(Boolean).length;
    if (oidc > 0 && oidc < 3) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_OIDC_ISSUER"],
        message: "AUTH_OIDC_ISSUER, AUTH_OIDC_ID and AUTH_OIDC_SECRET must be set together",
      });
    }
    if (Boolean(e.AUTH_GITHUB_ID) !== Boolean(e.AUTH_GITHUB_SECRET)) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_GITHUB_ID"],
        message: "AUTH_GITHUB_ID and AUTH_GITHUB_SECRET must be set together",
      });
    }
    const sso = oidc === 3 || Boolean(e.AUTH_GITHUB_ID);
    if (e.DATABASE_URL && !sso) {
      ctx.addIssue({
        code: "custom",
        path: ["DATABASE_URL"],
        message:
          "a real DATABASE_URL needs single sign-on: set AUTH_OIDC_ISSUER, AUTH_OIDC_ID and AUTH_OIDC_SECRET " +
          "(Okta, Keycloak, Entra ID, Google) or AUTH_GITHUB_ID and AUTH_GITHUB_SECRET. " +
          "The local demo sign-in exists only on the embedded database (leave DATABASE_URL unset).",
      });
    }
    if (e.DATABASE_URL && !e.AUTH_SECRET) {
      ctx.addIssue({ code: "custom", path: ["AUTH_SECRET"], message: "is required with a real DATABASE_URL" });
    }
    if (e.DATABASE_URL && !e.PORTICO_ENCRYPTION_KEY) {
      ctx.addIssue({ code: "custom", path: ["PORTICO_ENCRYPTION_KEY"], message: "is required with a real DATABASE_URL" });
    }
  });

type Parsed = z.infer<typeof schema>;

export type Env = Parsed & {
  databaseUrl: string | undefined;
  embeddedDatabase: boolean;
  ssoConfigured: boolean;
  oidcConfigured: boolean;
  githubConfigured: boolean;
  /** The local "pick a demo user" sign-in: only without SSO, only on the embedded database. */
  demoSignIn: boolean;
  /** PORTICO_TRUSTED_PROXIES as a lookup, or null when there are none. */
  trustedProxies: BlockList | null;
  /**
   * The API server of the cluster this process runs in, from the variables the kubelet sets in every pod
   * (KUBERNETES_SERVICE_HOST, KUBERNETES_SERVICE_PORT); null outside a pod.
   */
  inClusterServer: string | null;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Portico configuration is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty variable means "unset", as in most deployment tools.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((i) => {
        const name = i.path.join(".") || "configuration";
        const shown = i.path[0] === "PORTICO_STATIC_TOKENS" ? "PORTICO_STATIC_TOKENS" : name;
        return `${shown}: ${i.message}`;
      }),
    );
  }
  const e = result.data;
  const oidcConfigured = Boolean(e.AUTH_OIDC_ISSUER && e.AUTH_OIDC_ID && e.AUTH_OIDC_SECRET);
  const githubConfigured = Boolean(e.AUTH_GITHUB_ID && e.AUTH_GITHUB_SECRET);
  const ssoConfigured = oidcConfigured || githubConfigured;
  const embeddedDatabase = !e.DATABASE_URL;
  return {
    ...e,
    databaseUrl: e.DATABASE_URL ?? e.PORTICO_EMBEDDED_DATABASE_URL,
    embeddedDatabase,
    ssoConfigured,
    oidcConfigured,
    githubConfigured,
    demoSignIn: !ssoConfigured && embeddedDatabase,
    trustedProxies: e.PORTICO_TRUSTED_PROXIES.length ? trustedProxyList(e.PORTICO_TRUSTED_PROXIES) : null,
    inClusterServer: inClusterServer(cleaned.KUBERNETES_SERVICE_HOST, cleaned.KUBERNETES_SERVICE_PORT),
  };
}

function inClusterServer(host: string | undefined, port: string | undefined): string | null {
  if (!host || !port) return null;
  return `https://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

export function requireDatabaseUrl(env: Env = getEnv()): string {
  if (!env.databaseUrl) {
    throw new ConfigError([
      "DATABASE_URL: not set. Start Portico with `npm start` (embedded PostgreSQL) or set DATABASE_URL to your PostgreSQL.",
    ]);
  }
  return env.databaseUrl;
}

/** Where people and callbacks reach this Portico: AUTH_URL, else this machine's port. */
export function publicUrl(env: Env = getEnv()): string {
  return (env.AUTH_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
}
