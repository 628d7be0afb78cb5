import http from "node:http";
import { PEER_HEADER } from "./request";
import { servers } from "./shutdown";

const INSTALLED = Symbol.for("portico.peer-address");

/**
 * Writes each request's TCP peer address into `x-portico-peer`, over anything the client sent under
 * that name, before Next.js sees the request. Route handlers cannot read the socket, and Next.js
 * fills `X-Forwarded-For` with the peer only when the client sent none, so without this a client
 * could choose the address that the audit log records and the rate limiter counts.
 * `answerFirst` may answer a request itself (returning true) before Next.js sees it.
 */
export function recordPeerAddresses(options: { answerFirst?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean } = {}) {
  const proto = http.Server.prototype as http.Server & { [INSTALLED]?: true };
  if (proto[INSTALLED]) return;
  proto[INSTALLED] = true;
  const emit = proto.emit;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      // Known to the shutdown handler, which closes it on SIGTERM (server/shutdown.ts).
      servers.add(this);
      const req = args[0] as http.IncomingMessage;
      req.headers[PEER_HEADER] = req.socket?.remoteAddress ?? "";
      // A request answered here (the REST fast path) never reaches Next.js.
      if (options.answerFirst?.(req, args[1] as http.ServerResponse)) return true;
    }
    return (emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean).call(this, event, ...args);
  } as typeof emit;
}
