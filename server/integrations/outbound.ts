import dns from "node:dns";
import net from "node:net";
import { addressFamily, addressList, inAddressList, isAddressEntry, normaliseAddress } from "../ip";

/**
 * The outbound (SSRF) guard for every request Portico makes to a URL an admin or an action entered:
 * webhooks, notifications, Kubernetes API servers and GitHub Enterprise API URLs. Loopback,
 * link-local (cloud metadata), private, carrier-grade NAT and unspecified addresses are refused
 * unless an admin allowlisted them (host names, addresses or CIDR ranges, in Admin → Integrations
 * → Webhooks, "private addresses Portico may reach").
 */
const blocked = addressList([
  ...["0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4"],
  ...["::/128", "::1/128", "fc00::/7", "fe80::/10", "ff00::/8"],
]);

export class OutboundBlockedError extends Error {}

function allowlistMatcher(allowlist: string[]) {
  const entries = allowlist.map((e) => e.trim().toLowerCase()).filter(Boolean);
  const addresses = addressList(entries.filter(isAddressEntry));
  const hosts = new Set(entries.filter((e) => !isAddressEntry(e)));
  return { host: (h: string) => hosts.has(h.toLowerCase()), address: (a: string) => inAddressList(addresses, a) };
}

/** Why a connection to `address` (reached as `host`) is refused, or null when it may go ahead. */
export function blockedReason(host: string, address: string, allowlist: string[]): string | null {
  const a = normaliseAddress(address);
  if (!addressFamily(a)) return `${address} is not an IP address`;
  const allowed = allowlistMatcher(allowlist);
  if (allowed.host(host) || allowed.address(a)) return null;
  if (inAddressList(blocked, a)) {
    return `${host} resolves to ${a}, a loopback, link-local or private address; an admin can allow it in Admin → Integrations → Webhooks (private addresses Portico may reach)`;
  }
  return null;
}

/** Rejects URLs that are not http(s) or that name a blocked address literally. */
export function checkUrl(url: string, allowlist: string[]): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new OutboundBlockedError(`${url} is not a URL`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new OutboundBlockedError(`${parsed.protocol} URLs are not allowed`);
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  if (net.isIP(host)) {
    const reason = blockedReason(host, host, allowlist);
    if (reason) throw new OutboundBlockedError(reason);
  }
  return parsed;
}

/** A DNS lookup for http(s).request that refuses blocked addresses: checked on what is connected to. */
export function guardedLookup(host: string, allowlist: string[]): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, "", 4);
      const list = addresses as dns.LookupAddress[];
      for (const { address } of list) {
        const reason = blockedReason(host, address, allowlist);
        if (reason) return callback(new OutboundBlockedError(reason), "", 4);
      }
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

/**
 * Checks a URL for clients whose connections Portico cannot hook (the Kubernetes and GitHub
 * clients): http(s) only, and every address its host resolves to now must be allowed. Called when
 * the URL is saved and again before each use.
 */
export async function assertOutboundAllowed(url: string, allowlist: string[]): Promise<URL> {
  const parsed = checkUrl(url, allowlist);
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  if (net.isIP(host)) return parsed;
  let addresses: dns.LookupAddress[];
  try {
    addresses = await dns.promises.lookup(host, { all: true });
  } catch (error) {
    throw new OutboundBlockedError(`${host} does not resolve: ${(error as Error).message}`);
  }
  for (const { address } of addresses) {
    const reason = blockedReason(host, address, allowlist);
    if (reason) throw new OutboundBlockedError(reason);
  }
  return parsed;
}
