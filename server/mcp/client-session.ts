import "server-only";
import { timingSafeEqual } from "node:crypto";
import { macFor } from "../crypto";

/**
 * Who the MCP client is, across requests, with nothing stored: the session id Portico hands out on
 * `initialize` carries the client's name and version and a MAC over them (PORTICO_ENCRYPTION_KEY), and the
 * client sends it back on every request. Any replica reads it; a forged or damaged one is refused (404,
 * so the client starts a new session). The audit log names the client from it.
 */

export type ClientInfo = { name: string; version: string };

const clean = (s: unknown, max: number) => (typeof s === "string" ? s.replace(/[^\x20-\x7e]/g, "").slice(0, max) : "");

/** The client as it names itself in `initialize`, kept to printable ASCII and a sane length. */
export const normalClient = (info: unknown): ClientInfo => {
  const i = (info ?? {}) as { name?: unknown; version?: unknown };
  return { name: clean(i.name, 100) || "unknown", version: clean(i.version, 40) };
};

export function clientSessionId(info: ClientInfo): string {
  const payload = Buffer.from(JSON.stringify({ n: info.name, v: info.version })).toString("base64url");
  return `${payload}.${macFor(`mcp-session:${payload}`)}`;
}

/** The client a session id names, or null when it is not one Portico issued. */
export function clientFromSession(id: string): ClientInfo | null {
  const [payload, mac] = id.split(".");
  if (!payload || !mac) return null;
  const expected = Buffer.from(macFor(`mcp-session:${payload}`));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const { n, v } = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { n: string; v: string };
    return { name: clean(n, 100), version: clean(v, 40) };
  } catch {
    return null;
  }
}

export const clientLabel = (client: ClientInfo | null) => (client ? `${client.name}${client.version ? ` ${client.version}` : ""}` : "unknown client");
