import { getEnv } from "./env";
import { clientIp, CLIENT_REQUEST_ID_HEADER, serverRequestId, wellFormedClientRequestId } from "./request";

export type RequestMeta = { requestId: string; clientRequestId: string | null; ip: string | null };

/** The request id (the server's), the caller's own id beside it, and the client address under PORTICO_TRUSTED_PROXIES. */
export function requestMeta(headers: Headers): RequestMeta {
  return {
    requestId: serverRequestId(headers),
    clientRequestId: wellFormedClientRequestId(headers.get(CLIENT_REQUEST_ID_HEADER)),
    ip: clientIp(headers, getEnv().trustedProxies),
  };
}
