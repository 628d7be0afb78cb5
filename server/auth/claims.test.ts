import { describe, expect, it } from "vitest";
import { emailFromClaims, groupMatches, mergeClaims, profileFromClaims, readGroupClaim, type ClaimSettings } from "./claims";

const settings: ClaimSettings = { groupsClaim: "groups", adminClaim: "groups", adminGroups: ["platform-admins"], trustEmail: false, emailFromUsername: false };

describe("reading list claims", () => {
  it("reads arrays, separated strings and dotted paths; says when the claim is absent or an Entra overage", () => {
    expect(readGroupClaim({ groups: ["a", "b", 3, ""] }, "groups")).toEqual({ state: "present", values: ["a", "b"] });
    expect(readGroupClaim({ roles: "a, b c" }, "roles")).toEqual({ state: "present", values: ["a", "b", "c"] });
    expect(readGroupClaim({ realm_access: { roles: ["admin"] } }, "realm_access.roles")).toEqual({ state: "present", values: ["admin"] });
    expect(readGroupClaim({ "https://acme.com/groups": ["x"] }, "https://acme.com/groups")).toEqual({ state: "present", values: ["x"] });
    expect(readGroupClaim({ groups: [] }, "groups")).toEqual({ state: "present", values: [] });
    expect(readGroupClaim({ email: "x" }, "groups")).toEqual({ state: "absent" });
    expect(readGroupClaim({ _claim_names: { groups: "src1" }, _claim_sources: { src1: { endpoint: "https://graph" } } }, "groups")).toEqual({ state: "overage" });
  });
});

describe("group matching", () => {
  it.each([
    ["platform-admins", "platform-admins", true],
    ["/platform-admins", "platform-admins", true],
    ["/acme/platform-admins", "platform-admins", true],
    ["/acme/platform-admins", "/acme/platform-admins", true],
    ["/other/platform-admins", "/acme/platform-admins", false],
    ["/platform-admins/sub", "platform-admins", false],
    ["platform-admins-2", "platform-admins", false],
    ["Platform-Admins", "platform-admins", false],
    ["6F1C0E9A-57B2-4C52-9E4F-0D1B7A2C3E4F", "6f1c0e9a-57b2-4c52-9e4f-0d1b7a2c3e4f", true],
  ])("%s against %s: %s", (received, configured, expected) => {
    expect(groupMatches(received, configured)).toBe(expected);
  });
});

describe("email", () => {
  it("is verified only when the IdP says so, or is trusted", () => {
    expect(emailFromClaims({ email: "A@x.io", email_verified: true }, settings)).toEqual({ email: "a@x.io", verified: true, from: "email" });
    expect(emailFromClaims({ email: "a@x.io", email_verified: "true" }, settings)).toMatchObject({ verified: true });
    expect(emailFromClaims({ email: "a@x.io", email_verified: false }, settings)).toMatchObject({ verified: false });
    expect(emailFromClaims({ email: "a@x.io" }, settings)).toMatchObject({ verified: false });
    expect(emailFromClaims({ email: "a@x.io" }, { ...settings, trustEmail: true })).toMatchObject({ verified: true });
  });

  it("comes from an email-shaped preferred_username or upn only when configured (Entra ID)", () => {
    const entra = { preferred_username: "Ann@Contoso.com", upn: "ann@contoso.com", oid: "1" };
    expect(emailFromClaims(entra, settings)).toEqual({ missing: "email" });
    expect(emailFromClaims(entra, { ...settings, emailFromUsername: true })).toEqual({ email: "ann@contoso.com", verified: false, from: "preferred_username" });
    expect(emailFromClaims({ preferred_username: "ann", upn: "ann@contoso.com" }, { ...settings, emailFromUsername: true, trustEmail: true })).toEqual({
      email: "ann@contoso.com",
      verified: true,
      from: "upn",
    });
    expect(emailFromClaims({ preferred_username: "ann" }, { ...settings, emailFromUsername: true })).toMatchObject({ missing: expect.stringContaining("preferred_username") });
  });
});

describe("profiles", () => {
  it("merges userinfo over the ID token without erasing, and names the missing claim", () => {
    expect(mergeClaims({ sub: "1", email: "a@x.io", groups: ["a"] }, { sub: "1", groups: ["b"], name: null })).toEqual({ sub: "1", email: "a@x.io", groups: ["b"] });
    expect(profileFromClaims({ iss: "https://idp", sub: "1" }, settings)).toEqual({ missing: "email" });
    expect(profileFromClaims({ sub: "1", email: "a@x.io" }, settings)).toEqual({ missing: "iss" });
  });

  it("an absent groups claim leaves role and teams alone, with a warning; a present empty one demotes", () => {
    const absent = profileFromClaims({ iss: "https://idp", sub: "1", email: "a@x.io", email_verified: true }, settings);
    expect(absent).toMatchObject({ profile: { admin: undefined, groups: undefined, warnings: [expect.stringContaining('"groups" is absent')] } });
    const empty = profileFromClaims({ iss: "https://idp", sub: "1", email: "a@x.io", groups: [] }, settings);
    expect(empty).toMatchObject({ profile: { admin: false, groups: [], warnings: [] } });
  });

  it("takes the admin role and teams from separate claims (Entra app roles and group ids)", () => {
    const entra = { ...settings, adminClaim: "roles", adminGroups: ["Portico.Admin"], emailFromUsername: true, trustEmail: true };
    const result = profileFromClaims({ iss: "https://login.microsoftonline.com/t/v2.0", sub: "s", preferred_username: "ann@contoso.com", roles: ["Portico.Admin"], groups: ["6f1c0e9a-57b2-4c52-9e4f-0d1b7a2c3e4f"] }, entra);
    expect(result).toMatchObject({ profile: { email: "ann@contoso.com", emailVerified: true, admin: true, groups: ["6f1c0e9a-57b2-4c52-9e4f-0d1b7a2c3e4f"], warnings: [] } });
    const noRoles = profileFromClaims({ iss: "https://idp", sub: "s", email: "a@x.io", groups: [] }, entra);
    expect(noRoles).toMatchObject({ profile: { admin: undefined, groups: [], warnings: [expect.stringContaining('"roles" is absent')] } });
  });
});
