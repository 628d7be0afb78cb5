import { oauthJson } from "@/server/oauth/problem";
import { preflight } from "@/server/oauth/endpoint";
import { authorizationServerMetadata } from "@/server/oauth/metadata";

export const dynamic = "force-dynamic";

/** RFC 8414: Portico as the authorization server of its MCP endpoint. */
export const GET = () => oauthJson(authorizationServerMetadata());
export const OPTIONS = preflight;
