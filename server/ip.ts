import { BlockList, isIP } from "node:net";

/**
 * IP addresses and lists of them, for the trusted proxies (server/request.ts) and the outbound
 * guard's allowlist (server/integrations/outbound.ts).
 */
export type AddressFamily = "ipv4" | "ipv6";

/** An address as it is compared: brackets dropped, IPv4-mapped IPv6 (`::ffff:10.0.0.1`) as its IPv4. */
export function normaliseAddress(address: string): string {
  const trimmed = address.trim().replace(/^\[|\]$/g, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  return mapped ? mapped[1]! : trimmed;
}

/** `ipv4` or `ipv6`, or null when `address` is not an IP address. */
export function addressFamily(address: string): AddressFamily | null {
  const family = isIP(address);
  return family === 4 ? "ipv4" : family === 6 ? "ipv6" : null;
}

/** Whether an entry reads as an address or CIDR (rather than a host name). */
export const isAddressEntry = (entry: string) => addressFamily(normaliseAddress(entry.split("/")[0] ?? "")) !== null;

/** A lookup of addresses and CIDRs (`10.0.0.0/8`, `fd00::/8`, `192.0.2.10`); throws on a bad entry. */
export function addressList(entries: string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", prefix] = entry.trim().split("/");
    const ip = normaliseAddress(address);
    const family = addressFamily(ip);
    if (!family) throw new Error(`${entry} is not an IP address or CIDR`);
    if (prefix === undefined) list.addAddress(ip, family);
    else {
      const bits = Number(prefix);
      if (!/^\d+$/.test(prefix) || bits > (family === "ipv4" ? 32 : 128)) throw new Error(`${entry} has a bad prefix length`);
      list.addSubnet(ip, bits, family);
    }
  }
  return list;
}

/** Whether `address` (normalised) is in `list`. */
export function inAddressList(list: BlockList, address: string): boolean {
  const ip = normaliseAddress(address);
  const family = addressFamily(ip);
  return family !== null && list.check(ip, family);
}
