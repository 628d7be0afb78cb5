import { describe, expect, it } from "vitest";
import { crossSiteRefusal } from "./same-origin";

const portal = "https://portal.example.com";
const check = (method: string, headers: Record<string, string>, path = "/api/trpc/teams.create") =>
  crossSiteRefusal({ method, headers: new Headers(headers), url: `http://10.0.0.5:3000${path}` }, [portal]);

describe("crossSiteRefusal", () => {
  it("lets the portal's own pages change things", () => {
    expect(check("POST", { origin: portal, "sec-fetch-site": "same-origin" })).toBeNull();
    expect(check("POST", { origin: "http://10.0.0.5:3000" })).toBeNull();
    expect(check("DELETE", { "sec-fetch-site": "none" })).toBeNull();
  });

  it("refuses another origin, another origin of the same site, and opaque origins", () => {
    expect(check("POST", { origin: "https://evil.example" })).toMatch(/evil/);
    expect(check("POST", { origin: "https://wiki.portal.example.com", "sec-fetch-site": "same-site" })).toMatch(/same-site/);
    expect(check("POST", { origin: "null" })).toMatch(/opaque/);
    expect(check("PATCH", { "sec-fetch-site": "cross-site" })).toMatch(/cross-site/);
    expect(check("POST", { origin: "https://portal.example.com.evil.example" })).not.toBeNull();
    expect(check("POST", { origin: "http://portal.example.com" })).not.toBeNull();
  });

  it("lets safe methods, bearer-token automation, non-browser clients and the IdP's form_post callback through", () => {
    expect(check("GET", { origin: "https://evil.example", "sec-fetch-site": "cross-site" })).toBeNull();
    expect(check("POST", { origin: "https://evil.example", authorization: "Bearer x" })).toBeNull();
    expect(check("POST", {})).toBeNull();
    expect(check("POST", { origin: "https://idp.example", "sec-fetch-site": "cross-site" }, "/api/auth/callback/oidc")).toBeNull();
    expect(check("POST", { origin: "https://evil.example" }, "/api/auth/signin/oidc")).not.toBeNull();
  });
});
