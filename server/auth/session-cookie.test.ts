import { describe, expect, it } from "vitest";
import { cookieValue, hasSessionCookie, parseCookieHeader, sessionCookieName } from "./session-cookie";

describe("session cookie", () => {
  it("is named as Auth.js names it for the portal's scheme", () => {
    expect(sessionCookieName("https://portal.example.com")).toBe("__Secure-authjs.session-token");
    expect(sessionCookieName("http://localhost:3000")).toBe("authjs.session-token");
  });

  it("reads a whole cookie, or joins its chunks in numeric order, and nothing else", () => {
    const name = "authjs.session-token";
    expect(cookieValue([{ name, value: "abc" }, { name: `${name}.0`, value: "x" }], name)).toBe("abc");
    const chunks = [
      { name: `${name}.10`, value: "K" },
      { name: `${name}.2`, value: "C" },
      { name: `${name}.0`, value: "A" },
      { name: `${name}.1`, value: "B" },
      { name: `${name}.x`, value: "?" },
      { name: `other.0`, value: "?" },
    ];
    expect(cookieValue(chunks, name)).toBe("ABCK");
    expect(cookieValue([{ name: "__Secure-authjs.session-token", value: "s" }], name)).toBeUndefined();
    expect(hasSessionCookie([{ name: "__Secure-authjs.session-token.0", value: "s" }])).toBe(true);
    expect(hasSessionCookie([{ name: "authjs.csrf-token", value: "s" }])).toBe(false);
  });
});

describe("Cookie header", () => {
  it("parses pairs, trims, decodes what is encoded and keeps what is not", () => {
    expect(parseCookieHeader("a=1; authjs.session-token=eyJ.x-y_z; b=%41%42; bad; c=%E0%A4%A")).toEqual([
      { name: "a", value: "1" },
      { name: "authjs.session-token", value: "eyJ.x-y_z" },
      { name: "b", value: "AB" },
      { name: "c", value: "%E0%A4%A" },
    ]);
    expect(parseCookieHeader(undefined)).toEqual([]);
  });
});
