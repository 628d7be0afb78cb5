import { oauthJson } from "@/server/oauth/problem";
import { preflight } from "@/server/oauth/endpoint";
import { protectedResourceMetadata } from "@/server/oauth/metadata";

export const dynamic = "force-dynamic";

/** RFC 9728: the MCP endpoint's protected resource metadata, at the root and at its path (/api/mcp). */
export async function GET(_req: Request, { params }: { params: Promise<{ resource?: string[] }> }) {
  const path = (await params).resource?.join("/") ?? "";
  if (path !== "" && path !== "api/mcp") return oauthJson({ error: "not_found", error_description: `/${path} is not a protected resource of Portico` }, 404);
  return oauthJson(protectedResourceMetadata());
}

export const OPTIONS = preflight;
