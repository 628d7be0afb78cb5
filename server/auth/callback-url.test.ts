import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeCallbackUrl, sameOriginPath } from "./callback-url";

const base = "https://portal.example.com";

/** Where a browser would go with this Location header, resolved as the browser resolves it. */
const destination = (location: string) => new URL(location, `${base}/signin`);

describe("safeCallbackUrl", () => {
  it("keeps same-site paths with their query", () => {
    expect(safeCallbackUrl("/audit?action=team.create", base)).toBe("/audit?action=team.create");
    expect(safeCallbackUrl(`${base}/catalog/service#top`, base)).toBe("/catalog/service#top");
  });

  it.each([
    ["https://evil.example"],
    ["//evil.example/x"],
    ["/\\evil.example"],
    ["\\\\evil.example"],
    ["/\\/evil.example"],
    ["/.//evil.example"],
    ["\t//evil.example"],
    ["/\n/evil.example"],
    [" //evil.example"],
    ["http:evil.example"],
    ["https:/\\evil.example"],
    ["https://portal.example.com@evil.example"],
    ["https://portal.example.com.evil.example/"],
    ["http://portal.example.com/"],
    ["javascript:alert(1)"],
    ["data:text/html,<script>alert(1)</script>"],
    ["/signin?callbackUrl=/x"],
    ["/SignIn"],
    ["/api/auth/signout"],
    [""],
    [undefined],
    [42],
  ])("sends %j home", (value) => {
    expect(safeCallbackUrl(value, base)).toBe("/");
  });

  it("keeps encoded slashes encoded: never a scheme-relative URL", () => {
    expect(destination(safeCallbackUrl("/%2F%2Fevil.example", base)).origin).toBe(base);
    expect(destination(safeCallbackUrl("%2F%2Fevil.example", base)).origin).toBe(base);
  });

  it("property: whatever the string, the browser ends up on the portal's origin, on a path", () => {
    const pieces = fc.constantFrom("/", "//", "\\", "/\\", "%2F", "%5C", "%09", "\t", "\n", "\r", " ", "\u0000", "@", ":", "evil.example", "portal.example.com", "https:", "http:", "javascript:", ".", "..", "?", "#", "%", "\u3002", "\uFF0F", "\u2215");
    const candidate = fc.oneof(fc.string({ unit: "binary" }), fc.webUrl(), fc.array(pieces, { maxLength: 8 }).map((p) => p.join("")));
    fc.assert(
      fc.property(candidate, (value) => {
        const out = safeCallbackUrl(value, base);
        expect(out.startsWith("/")).toBe(true);
        expect(out.startsWith("//") || out.startsWith("/\\")).toBe(false);
        expect(/[\u0000-\u001F\u007F]/.test(out)).toBe(false);
        expect(destination(out).origin).toBe(base);
        // A path that came back came back as a browser would read it.
        if (out !== "/") expect(sameOriginPath(value, base)).toBe(out);
      }),
      { numRuns: 5000, seed: 16 },
    );
  });
});
