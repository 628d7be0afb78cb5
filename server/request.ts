import { randomUUID } from "node:crypto";
import type { BlockList } from "node:net";
import { addressFamily, addressList, inAddressList, normaliseAddress } from "./ip";

/**
 * Request facts shared by tRPC, REST handlers and auth: who is asking from where, and under which id.
 *
 * - The **peer** is the address of the TCP connection, written into `x-portico-peer` by the server
 *   itself (server/peer-address.ts) over anything a client sent under that name.
 * - **Forwarded headers** (`X-Forwarded-For`) are believed only when that peer is one of
 *   `PORTICO_TRUSTED_PROXIES`; then the client is the first address, from the right, that is not a
 *   trusted proxy. With no trusted proxies (the default) the client is the peer.
 * - The **request id** is always the server's own (proxy.ts sets it); a caller's `X-Request-Id` is
 *   kept beside it as the client request id, and only when well formed.
 */
export const PEER_HEADER = "x-portico-peer";
export const CLIENT_REQUEST_ID_HEADER = "x-portico-client-request-id";

const WELL_FORMED_CLIENT_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const SERVER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A caller's request id worth keeping (letters, digits and `._:-`, at most 128), else null. */
export function wellFormedClientRequestId(value: string | null | undefined): string | null {
  return value && WELL_FORMED_CLIENT_ID.test(value) ? value : null;
}

/** The server's request id as proxy.ts set it (a UUID); anything else is replaced by a new one. */
export function serverRequestId(headers: Headers): string {
  const id = headers.get("x-request-id");
  return id && SERVER_ID.test(id) ? id : randomUUID();
}

/** Parses `PORTICO_TRUSTED_PROXIES` entries (`10.0.0.0/8`, `fd00::/8`, or one address); throws on a bad one. */
export const trustedProxyList = addressList;

/** The client's address: the peer, or through trusted proxies the first untrusted forwarded address. */
export function clientIp(headers: Headers, trusted: BlockList | null): string | null {
  const peer = normaliseAddress(headers.get(PEER_HEADER) ?? "");
  if (!addressFamily(peer)) return null;
  if (!trusted || !inAddressList(trusted, peer)) return peer;
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map(normaliseAddress)
    .filter(Boolean);
  for (let i = forwarded.length - 1; i >= 0; i--) {
    const hop = forwarded[i]!;
    if (!addressFamily(hop)) return peer; // a hop we cannot read: stop believing the chain there
    if (!inAddressList(trusted, hop)) return hop;
  }
  // Every hop is a trusted proxy: the leftmost is the closest we know to the client.
  return forwarded[0] ?? peer;
}
