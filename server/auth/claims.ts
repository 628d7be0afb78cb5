/**
 * What Portico reads from an identity provider's claims, as real IdPs send them: email (or an
 * email-shaped username, when the IdP is trusted for it), whether it is verified, and the groups
 * or roles that give the admin role and team memberships. Pure functions: no I/O.
 */
import type { Env } from "../env";

export type Claims = Record<string, unknown>;

export type ClaimSettings = {
  /** Claim whose values map to teams (`PORTICO_GROUPS_CLAIM`). */
  groupsClaim: string;
  /** Claim whose values give the admin role (`PORTICO_ADMIN_CLAIM`, default: the groups claim). */
  adminClaim: string;
  /** Values of the admin claim that make a user admin (`PORTICO_ADMIN_GROUPS`). */
  adminGroups: string[];
  /** The IdP vouches for every address it sends (`AUTH_OIDC_TRUST_EMAIL`): count them as verified. */
  trustEmail: boolean;
  /** Use `preferred_username`/`upn` as the address when `email` is absent (`AUTH_OIDC_EMAIL_FROM_USERNAME`). */
  emailFromUsername: boolean;
};

/** The settings from the server's configuration. */
export const claimSettings = (env: Env): ClaimSettings => ({
  groupsClaim: env.PORTICO_GROUPS_CLAIM,
  adminClaim: env.PORTICO_ADMIN_CLAIM ?? env.PORTICO_GROUPS_CLAIM,
  adminGroups: env.PORTICO_ADMIN_GROUPS,
  trustEmail: env.AUTH_OIDC_TRUST_EMAIL,
  emailFromUsername: env.AUTH_OIDC_EMAIL_FROM_USERNAME,
});

/** A claim's value, by its exact name or, when there is none, by a dotted path (`realm_access.roles`). */
export function claimValue(claims: Claims | undefined, name: string): unknown {
  if (!claims) return undefined;
  if (Object.hasOwn(claims, name)) return claims[name];
  if (!name.includes(".")) return undefined;
  let value: unknown = claims;
  for (const part of name.split(".")) {
    if (!value || typeof value !== "object" || Array.isArray(value) || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/**
 * The ID token's claims with the userinfo endpoint's on top (OpenID Connect Core 5.3: both describe
 * the same subject; userinfo is read at sign-in and is the fresher of the two). Undefined userinfo
 * values do not erase ID-token ones.
 */
export function mergeClaims(idToken: Claims | undefined, userinfo: Claims | undefined): Claims {
  const merged: Claims = { ...idToken };
  for (const [key, value] of Object.entries(userinfo ?? {})) if (value !== undefined && value !== null) merged[key] = value;
  return merged;
}

export type GroupClaim =
  | { state: "present"; values: string[] }
  /** The IdP sent no such claim: nothing may be concluded from it. */
  | { state: "absent" }
  /** Entra ID sent a pointer to Graph instead of groups (more than 200 of them): as good as absent. */
  | { state: "overage" };

/** A list-valued claim: an array, or a string of values separated by commas or spaces. */
export function readGroupClaim(claims: Claims | undefined, name: string): GroupClaim {
  const raw = claimValue(claims, name);
  if (Array.isArray(raw)) return { state: "present", values: raw.filter((g): g is string => typeof g === "string" && g.length > 0) };
  if (typeof raw === "string") return { state: "present", values: raw.split(/[,\s]+/).filter(Boolean) };
  const names = claimValue(claims, "_claim_names");
  if (names && typeof names === "object" && Object.hasOwn(names, name)) return { state: "overage" };
  return { state: "absent" };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether a group the IdP sent is the one configured. Exact, except: Keycloak's full group paths
 * (`/platform/admins`) also match their last segment (`admins`), and Entra ID's object ids (GUIDs)
 * match in any letter case.
 */
export function groupMatches(received: string, configured: string): boolean {
  if (received === configured) return true;
  if (GUID.test(received) && GUID.test(configured)) return received.toLowerCase() === configured.toLowerCase();
  if (received.startsWith("/") && !configured.startsWith("/")) {
    const last = received.slice(received.lastIndexOf("/") + 1);
    return last === configured;
  }
  return false;
}

export const matchesAny = (received: string[], configured: string[]) =>
  received.some((r) => configured.some((c) => groupMatches(r, c)));

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type EmailResult = { email: string; verified: boolean; from: string } | { missing: string };

/**
 * The user's address: `email`; else, when the IdP is trusted for it, an email-shaped
 * `preferred_username` or `upn` (Entra ID's default tokens carry no `email`). Verified when
 * `email_verified` is true (boolean or the string "true" some IdPs send), or the IdP is trusted.
 */
export function emailFromClaims(claims: Claims, settings: Pick<ClaimSettings, "trustEmail" | "emailFromUsername">): EmailResult {
  const email = typeof claims.email === "string" ? claims.email.trim() : "";
  const flag = claims.email_verified === true || claims.email_verified === "true";
  if (EMAIL.test(email)) return { email: email.toLowerCase(), verified: flag || settings.trustEmail, from: "email" };
  if (settings.emailFromUsername) {
    for (const name of ["preferred_username", "upn"]) {
      const value = typeof claims[name] === "string" ? (claims[name] as string).trim() : "";
      if (EMAIL.test(value)) return { email: value.toLowerCase(), verified: settings.trustEmail, from: name };
    }
  }
  return { missing: settings.emailFromUsername ? "email (or an email-shaped preferred_username or upn)" : "email" };
}

export type IdpProfile = {
  issuer: string;
  subject: string;
  email: string;
  emailVerified: boolean;
  name: string | null;
  image: string | null;
  /** True/false from the admin claim; undefined when the claim is absent (the role is left alone). */
  admin: boolean | undefined;
  /** Values of the groups claim; undefined when it is absent (memberships are left alone). */
  groups: string[] | undefined;
  /** What the server log should say about this mapping. */
  warnings: string[];
};

export type Grants = Pick<IdpProfile, "admin" | "groups" | "warnings">;

/** The admin role and team groups the claims give; what is absent stays undefined, with a warning. */
export function grantsFromClaims(claims: Claims, settings: ClaimSettings): Grants {
  const warnings: string[] = [];
  const groups = readGroupClaim(claims, settings.groupsClaim);
  const adminClaim = settings.adminClaim === settings.groupsClaim ? groups : readGroupClaim(claims, settings.adminClaim);
  const absent = (claim: string, g: GroupClaim, what: string) => {
    if (g.state === "overage") warnings.push(`claim "${claim}" is an Entra ID groups overage (more than 200 groups): ${what} left unchanged; filter the groups sent in the token`);
    else if (g.state === "absent") warnings.push(`claim "${claim}" is absent: ${what} left unchanged`);
  };
  absent(settings.groupsClaim, groups, settings.adminClaim === settings.groupsClaim ? "team memberships and admin role" : "team memberships");
  if (settings.adminClaim !== settings.groupsClaim) absent(settings.adminClaim, adminClaim, "admin role");
  return {
    admin: adminClaim.state === "present" ? matchesAny(adminClaim.values, settings.adminGroups) : undefined,
    groups: groups.state === "present" ? groups.values : undefined,
    warnings,
  };
}

export type ProfileResult = { profile: IdpProfile } | { missing: string };

/** Everything Portico takes from one OpenID Connect sign-in. */
export function profileFromClaims(claims: Claims, settings: ClaimSettings): ProfileResult {
  const issuer = typeof claims.iss === "string" ? claims.iss : "";
  const subject = typeof claims.sub === "string" ? claims.sub : "";
  if (!issuer) return { missing: "iss" };
  if (!subject) return { missing: "sub" };
  const email = emailFromClaims(claims, settings);
  if ("missing" in email) return { missing: email.missing };
  const name = [claims.name, claims.preferred_username].find((v): v is string => typeof v === "string" && v.length > 0) ?? null;
  const picture = typeof claims.picture === "string" && /^https?:\/\//.test(claims.picture) ? claims.picture : null;
  return {
    profile: { issuer, subject, email: email.email, emailVerified: email.verified, name, image: picture, ...grantsFromClaims(claims, settings) },
  };
}
