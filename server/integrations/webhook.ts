import { createHmac } from "node:crypto";
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";

/**
 * Outgoing HTTP for webhook invocations and notifications, with an SSRF guard: loopback,
 * link-local (cloud metadata), private, carrier-grade NAT and unspecified addresses are refused
 * unless an admin allowlisted them (host names, addresses or CIDR ranges). The check runs on the
 * address actually connected to (a DNS lookup hook), so a name that resolves to 127.0.0.1 or
 * rebinds between check and connect is refused too. Redirects are not followed.
 */
const blocked = new net.BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  blocked.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  blocked.addSubnet(network, prefix, "ipv6");
}

export class WebhookBlockedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookBlockedError";
  }
}

function family(address: string): "ipv4" | "ipv6" {
  return net.isIPv6(address) ? "ipv6" : "ipv4";
}

/** IPv4-mapped IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it carries. */
function unmapped(address: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m ? m[1]! : address;
}

function allowlistMatcher(allowlist: string[]) {
  const list = new net.BlockList();
  const hosts = new Set<string>();
  for (const entry of allowlist.map((e) => e.trim().toLowerCase()).filter(Boolean)) {
    const [address, prefix] = entry.split("/");
    if (net.isIP(address!)) {
      if (prefix !== undefined) list.addSubnet(address!, Number(prefix), family(address!));
      else list.addAddress(address!, family(address!));
    } else hosts.add(entry);
  }
  return { host: (h: string) => hosts.has(h.toLowerCase()), address: (a: string) => list.check(a, family(a)) };
}

/** Why a connection to `address` (reached as `host`) is refused, or null when it may go ahead. */
export function blockedReason(host: string, address: string, allowlist: string[]): string | null {
  const a = unmapped(address);
  if (!net.isIP(a)) return `${address} is not an IP address`;
  const allowed = allowlistMatcher(allowlist);
  if (allowed.host(host) || allowed.address(a)) return null;
  if (blocked.check(a, family(a))) {
    return `${host} resolves to ${a}, a loopback, link-local or private address; an admin can allow it in Admin → Integrations → Webhooks`;
  }
  return null;
}

/** Rejects URLs that are not http(s) or that name a blocked address literally. */
export function checkUrl(url: string, allowlist: string[]): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new WebhookBlockedError(`${url} is not a URL`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new WebhookBlockedError(`${parsed.protocol} URLs are not allowed`);
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  if (net.isIP(host)) {
    const reason = blockedReason(host, host, allowlist);
    if (reason) throw new WebhookBlockedError(reason);
  }
  return parsed;
}

/** The signature header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, as Stripe and Slack do it. */
export const SIGNATURE_HEADER = "x-portico-signature";

export function signBody(body: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const mac = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
  return `t=${timestamp},v1=${mac}`;
}

export type WebhookRequest = {
  url: string;
  method: string;
  headers?: Record<string, string>;
  body?: string;
  allowlist: string[];
  signingSecret?: string;
  /** Sent as Idempotency-Key, the same on every retry and re-dispatch, so a receiver can drop repeats. */
  idempotencyKey?: string;
  timeoutMs?: number;
  attempts?: number;
  backoffMs?: number;
  onAttempt?: (attempt: number, outcome: string) => void;
};

export type WebhookResponse = { status: number; body: string; attempts: number };

class RetryableError extends Error {}

function once(request: WebhookRequest, url: URL): Promise<{ status: number; body: string }> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const lookup: net.LookupFunction = (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, "", 4);
      const list = addresses as dns.LookupAddress[];
      for (const { address } of list) {
        const reason = blockedReason(host, address, request.allowlist);
        if (reason) return callback(new WebhookBlockedError(reason), "", 4);
      }
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
  const body = request.body ?? "";
  const headers: Record<string, string> = { "user-agent": "Portico-Webhook/1", ...request.headers };
  if (body) headers["content-type"] ??= "application/json";
  if (request.idempotencyKey) headers["idempotency-key"] = request.idempotencyKey;
  if (request.signingSecret) headers[SIGNATURE_HEADER] = signBody(body, request.signingSecret);
  headers["content-length"] = String(Buffer.byteLength(body));
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, { method: request.method, headers, lookup, timeout: request.timeoutMs ?? 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size <= 64 * 1024) chunks.push(chunk);
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", (error) => reject(new RetryableError(error.message)));
    });
    req.on("timeout", () => req.destroy(new RetryableError(`no response within ${request.timeoutMs ?? 10_000} ms`)));
    req.on("error", (error) => reject(error instanceof WebhookBlockedError || error instanceof RetryableError ? error : new RetryableError(error.message)));
    req.end(body);
  });
}

/**
 * Sends the request, retrying network errors and 5xx responses with exponential backoff.
 * Resolves with the last response (any status); rejects when blocked or when every attempt failed
 * on the network.
 */
export async function sendWebhook(request: WebhookRequest): Promise<WebhookResponse> {
  const url = checkUrl(request.url, request.allowlist);
  const attempts = request.attempts ?? 4;
  let lastError: Error | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const response = await once(request, url);
      request.onAttempt?.(attempt, `HTTP ${response.status}`);
      if (response.status < 500 || attempt === attempts) return { ...response, attempts: attempt };
    } catch (error) {
      if (error instanceof WebhookBlockedError) throw error;
      lastError = error as Error;
      request.onAttempt?.(attempt, lastError.message);
      if (attempt === attempts) break;
    }
    await new Promise((resolve) => setTimeout(resolve, (request.backoffMs ?? 1_000) * 2 ** (attempt - 1)));
  }
  throw new Error(`the webhook did not answer after ${attempts} attempts: ${lastError?.message ?? "server error"}`);
}
