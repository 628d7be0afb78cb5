import { z } from "zod";
import { docsAsset } from "../../docs/service";
import { defineOperation, reads } from "../contract/operation";

/** The images of an entity's docs, served from what the docs sync stored (the repository may be private). */
export const docsAssetOp = defineOperation({
  id: "docs.asset",
  method: "GET",
  path: "/api/docs/{blueprint}/{identifier}/asset",
  tag: "Portal",
  summary: "An image of an entity's docs",
  description: "What the docs pages show, for the signed-in user's session: the image as the last sync read it from the repository.",
  auth: "session",
  role: "member",
  effect: reads,
  params: z.object({ blueprint: z.string().max(100), identifier: z.string().max(100) }),
  query: z.object({ path: z.string().min(1).max(500).meta({ description: "The image's path in the docs folder, as the page names it" }) }),
  responses: { 200: { description: "The image (PNG, JPEG, GIF, WebP or SVG)", contentType: "image/*", schema: z.string() } },
  handle: async ({ ctx, params, query }) => {
    const asset = await docsAsset({ ctx, input: { ...params, path: query.path } });
    return {
      body: new Uint8Array(asset.bytes),
      headers: {
        "content-type": asset.contentType,
        "cache-control": "private, max-age=300",
        etag: `"${asset.sha}"`,
        // An SVG opened on its own runs nothing and loads nothing.
        "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
        "x-content-type-options": "nosniff",
      },
    };
  },
});
