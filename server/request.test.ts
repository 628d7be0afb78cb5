import { describe, expect, it } from "vitest";
import { clientIp, PEER_HEADER, serverRequestId, trustedProxyList, wellFormedClientRequestId } from "./request";

const headers = (peer: string | null, forwardedFor?: string) =>
  new Headers({ ...(peer ? { [PEER_HEADER]: peer } : {}), ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}) });

describe("clientIp", () => {
  const trusted = trustedProxyList(["10.0.0.0/8", "fd00::/8", "192.0.2.10"]);

  it("with no trusted proxies, is the connection's address whatever X-Forwarded-For says", () => {
    expect(clientIp(headers("203.0.113.9", "1.2.3.4"), null)).toBe("203.0.113.9");
    expect(clientIp(headers("::ffff:203.0.113.9"), null)).toBe("203.0.113.9");
  });

  it("from a peer that is not a trusted proxy, ignores X-Forwarded-For", () => {
    expect(clientIp(headers("203.0.113.9", "1.2.3.4"), trusted)).toBe("203.0.113.9");
  });

  it("through trusted proxies, is the first untrusted address from the right", () => {
    expect(clientIp(headers("10.1.2.3", "198.51.100.1, 203.0.113.5, 10.0.0.7"), trusted)).toBe("203.0.113.5");
    expect(clientIp(headers("192.0.2.10", "198.51.100.1"), trusted)).toBe("198.51.100.1");
    expect(clientIp(headers("fd00::1", "2001:db8::5"), trusted)).toBe("2001:db8::5");
    // Only trusted hops: the leftmost. A hop that is not an address: stop believing there.
    expect(clientIp(headers("10.1.2.3", "10.0.0.1, 10.0.0.2"), trusted)).toBe("10.0.0.1");
    expect(clientIp(headers("10.1.2.3", "198.51.100.1, <script>"), trusted)).toBe("10.1.2.3");
    expect(clientIp(headers("10.1.2.3"), trusted)).toBe("10.1.2.3");
  });

  it("without a peer the server wrote (not an address), is unknown", () => {
    expect(clientIp(headers(null, "1.2.3.4"), trusted)).toBeNull();
    expect(clientIp(headers("not-an-ip"), null)).toBeNull();
  });

  it("refuses bad CIDRs", () => {
    expect(() => trustedProxyList(["10.0.0.0/33"])).toThrow(/prefix/);
    expect(() => trustedProxyList(["proxy.internal"])).toThrow(/not an IP/);
  });
});

describe("request ids", () => {
  it("keeps a caller's id only when well formed", () => {
    expect(wellFormedClientRequestId("trace-123:abc.def_9")).toBe("trace-123:abc.def_9");
    for (const bad of ["", "a b", "x".repeat(129), "id\nforged", "<script>", null]) expect(wellFormedClientRequestId(bad)).toBeNull();
  });

  it("the server's id is a UUID; anything else in x-request-id is replaced", () => {
    const id = "0b6f4c39-2f0e-4b8e-9d7c-1a2b3c4d5e6f";
    expect(serverRequestId(new Headers({ "x-request-id": id }))).toBe(id);
    expect(serverRequestId(new Headers({ "x-request-id": "forged-by-client" }))).not.toBe("forged-by-client");
  });
});
