import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { blockedReason, checkUrl, OutboundBlockedError as WebhookBlockedError } from "./outbound";
import { signBody } from "./webhook";

describe("webhook SSRF guard", () => {
  it("refuses loopback, link-local, private and mapped addresses by default", () => {
    for (const address of ["127.0.0.1", "127.5.5.5", "169.254.169.254", "10.0.0.1", "10.255.3.4", "172.16.0.1", "192.168.1.1", "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1"]) {
      expect(blockedReason("example.test", address, []), address).toMatch(/loopback, link-local or private/);
    }
    expect(() => checkUrl("http://127.0.0.1:8080/hook", [])).toThrow(WebhookBlockedError);
    expect(() => checkUrl("http://[::1]/hook", [])).toThrow(WebhookBlockedError);
    expect(() => checkUrl("http://169.254.169.254/latest/meta-data", [])).toThrow(WebhookBlockedError);
    expect(() => checkUrl("file:///etc/passwd", [])).toThrow(/not allowed/);
  });

  it("lets public addresses through, and what an admin allowlisted by host, address or range", () => {
    expect(blockedReason("hooks.example.com", "93.184.216.34", [])).toBeNull();
    expect(blockedReason("2606:4700::1", "2606:4700::1", [])).toBeNull();
    expect(blockedReason("localhost", "127.0.0.1", ["localhost"])).toBeNull();
    expect(blockedReason("internal", "10.1.2.3", ["10.0.0.0/8"])).toBeNull();
    expect(blockedReason("internal", "10.1.2.3", ["10.1.2.3"])).toBeNull();
    expect(blockedReason("internal", "192.168.1.1", ["10.0.0.0/8"])).not.toBeNull();
    expect(checkUrl("http://127.0.0.1:9/x", ["127.0.0.1"]).port).toBe("9");
  });

  it("signs timestamp and body with HMAC-SHA256", () => {
    const header = signBody('{"a":1}', "s3cret", 1700000000);
    expect(header).toBe(`t=1700000000,v1=${createHmac("sha256", "s3cret").update('1700000000.{"a":1}').digest("hex")}`);
  });
});
