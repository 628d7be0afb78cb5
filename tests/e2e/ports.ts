/** Loopback ports of the e2e run; everything uses `localhost` so the OIDC redirect check holds. */
export const PORTAL_PORT = Number(process.env.E2E_PORTAL_PORT ?? 3200);
export const OIDC_PORT = Number(process.env.E2E_OIDC_PORT ?? 3201);
export const PORTAL_URL = `http://localhost:${PORTAL_PORT}`;
export const OIDC_ISSUER = `http://localhost:${OIDC_PORT}`;
export const OIDC_CLIENT = { id: "portico-e2e", secret: "e2e-client-secret-not-a-real-one" };
/** An admin API token the e2e portal is configured with (PORTICO_STATIC_TOKENS), checked to appear nowhere. */
export const STATIC_TOKEN = "e2e-static-admin-token-not-a-real-one";
