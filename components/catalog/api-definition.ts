import { parse } from "yaml";

/**
 * An API definition's outline for the Definition tab: OpenAPI (2 and 3) operations by path, AsyncAPI
 * (2 and 3) channels and operations. GraphQL, gRPC and anything else have no outline (their source
 * is shown). A definition that does not parse has none either.
 */
export type Outline = {
  format: "OpenAPI" | "AsyncAPI";
  version: string;
  title?: string;
  apiVersion?: string;
  description?: string;
  servers: string[];
  operations: { method: string; path: string; summary?: string }[];
};

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const str = (v: unknown) => (typeof v === "string" ? v : undefined);

export function outlineOf(definition: string): Outline | undefined {
  let doc: unknown;
  try {
    doc = definition.trimStart().startsWith("{") ? JSON.parse(definition) : parse(definition, { maxAliasCount: 100 });
  } catch {
    return undefined;
  }
  if (!doc || typeof doc !== "object") return undefined;
  const d = doc as Record<string, unknown>;
  const info = (d.info ?? {}) as Record<string, unknown>;
  const base = { title: str(info.title), apiVersion: str(info.version), description: str(info.description) };
  if (typeof d.openapi === "string" || typeof d.swagger === "string") {
    const servers = Array.isArray(d.servers) ? d.servers.map((s) => str((s as Record<string, unknown>)?.url)).filter((s): s is string => !!s) : typeof d.host === "string" ? [`${d.host}${str(d.basePath) ?? ""}`] : [];
    const operations: Outline["operations"] = [];
    for (const [path, item] of Object.entries((d.paths ?? {}) as Record<string, Record<string, unknown>>)) {
      for (const method of METHODS) {
        const op = item?.[method] as Record<string, unknown> | undefined;
        if (op) operations.push({ method: method.toUpperCase(), path, summary: str(op.summary) ?? str(op.operationId) });
      }
    }
    return { format: "OpenAPI", version: String(d.openapi ?? d.swagger), ...base, servers, operations };
  }
  if (typeof d.asyncapi === "string") {
    const servers = Object.values((d.servers ?? {}) as Record<string, Record<string, unknown>>).map((s) => str(s?.url) ?? str(s?.host)).filter((s): s is string => !!s);
    const operations: Outline["operations"] = [];
    const channels = (d.channels ?? {}) as Record<string, Record<string, unknown>>;
    if (d.operations && typeof d.operations === "object") {
      // AsyncAPI 3: operations name their channel by $ref.
      for (const [id, op] of Object.entries(d.operations as Record<string, Record<string, unknown>>)) {
        const ref = str((op?.channel as Record<string, unknown> | undefined)?.$ref)?.split("/").pop();
        const channel = ref ? (str(channels[ref]?.address) ?? ref) : "";
        operations.push({ method: String(op?.action ?? "").toUpperCase(), path: channel, summary: str(op?.summary) ?? id });
      }
    } else {
      for (const [name, channel] of Object.entries(channels)) {
        for (const action of ["publish", "subscribe"]) {
          const op = channel?.[action] as Record<string, unknown> | undefined;
          if (op) operations.push({ method: action.toUpperCase(), path: name, summary: str(op.summary) ?? str(op.operationId) });
        }
      }
    }
    return { format: "AsyncAPI", version: d.asyncapi, ...base, servers, operations };
  }
  return undefined;
}
