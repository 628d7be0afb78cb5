import { createHash, randomBytes } from "node:crypto";

/** Codes and tokens: 256 random bits, recognisable by prefix; only their SHA-256 is stored. */
export const PREFIXES = { code: "ptc_oac_", access: "ptc_oat_", refresh: "ptc_ort_" } as const;
export const newSecret = (kind: keyof typeof PREFIXES) => `${PREFIXES[kind]}${randomBytes(32).toString("base64url")}`;
export const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");
/** An OAuth access token (not an API token): the MCP endpoint tells them apart by prefix. */
export const isAccessToken = (bearer: string) => bearer.startsWith(PREFIXES.access);

/** PKCE S256 (RFC 7636 §4.6): BASE64URL(SHA256(verifier)) equals the challenge. */
export function pkceMatches(verifier: string, challenge: string): boolean {
  if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) return false;
  return createHash("sha256").update(verifier).digest("base64url") === challenge;
}
