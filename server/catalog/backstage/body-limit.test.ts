import type { NextConfig } from "next";
import { describe, expect, it } from "vitest";
import { MAX_IMPORT_BYTES } from "./index";

describe("the largest import body", () => {
  it("reaches the route whole: Next.js's proxy body limit is one byte above what the import reads", async () => {
    // @ts-expect-error next.config.js is plain JavaScript without declarations
    const nextConfig = (await import("../../../next.config.js")).default as NextConfig;
    expect(nextConfig.experimental?.proxyClientMaxBodySize).toBe(MAX_IMPORT_BYTES + 1);
  });
});
