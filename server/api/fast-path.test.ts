import { describe, expect, it } from "vitest";
import type { NextConfig } from "next";
import { SECURITY_HEADERS } from "../security-headers";
import { matchFastRoute } from "./fast-path";

describe("the API fast path", () => {
  it("takes only GETs of the exact catalog read paths and tRPC queries, with decoded parameters", () => {
    expect(matchFastRoute("GET", "/api/v1/blueprints/service/entities")?.params).toEqual({ bp: "service" });
    expect(matchFastRoute("GET", "/api/v1/blueprints/service/entities/payments%2Dapi")?.params).toEqual({ bp: "service", id: "payments-api" });
    expect(matchFastRoute("GET", "/api/v1/blueprints/service/facets")?.params).toEqual({ bp: "service" });
    expect(matchFastRoute("GET", "/api/trpc/catalog.entities,catalog.facets")?.params).toEqual({ procedures: "catalog.entities,catalog.facets" });
    for (const [method, path] of [
      ["POST", "/api/v1/blueprints/service/entities"],
      ["PATCH", "/api/v1/blueprints/service/entities/x"],
      ["HEAD", "/api/v1/blueprints/service/entities/x"],
      ["GET", "/api/v1/blueprints/service/entities/"],
      ["GET", "/api/v1/blueprints/service/entities/x/scorecards"],
      ["GET", "/api/v1/blueprints/service/entities/bulk/x"],
      ["GET", "/api/v1/blueprints/service/entities/bulk"],
      ["GET", "/api/v1/blueprints/service/entities/%E0%A4%A"],
      ["GET", "/api/v1/blueprints/service/entities/a%2Fb"],
      ["GET", "/api/v1/blueprints/service"],
      ["POST", "/api/trpc/catalog.updateEntity"],
      ["GET", "/api/trpc"],
      ["GET", "/api/trpc/"],
      ["GET", "/api/trpc/catalog.entities/x"],
      ["GET", "/catalog/service"],
    ] as const) {
      expect(matchFastRoute(method, path), `${method} ${path}`).toBeNull();
    }
  });

  it("sets the same security headers as next.config.js does for everything else", async () => {
    // @ts-expect-error next.config.js is plain JavaScript without declarations
    const nextConfig = (await import("../../next.config.js")).default as NextConfig;
    const rules = await nextConfig.headers!();
    expect(rules).toHaveLength(1);
    expect(rules[0]!.source).toBe("/:path*");
    expect(rules[0]!.headers.map((h) => [h.key, h.value])).toEqual(SECURITY_HEADERS.map(([k, v]) => [k, v]));
  });
});
