/**
 * Headers on every response. next.config.js sets them for what Next.js answers (its `headers()`,
 * which a test holds equal to this list); the REST fast path sets them itself.
 */
export const SECURITY_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ["X-Content-Type-Options", "nosniff"],
  ["Referrer-Policy", "strict-origin-when-cross-origin"],
  ["X-Frame-Options", "DENY"],
  ["Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"],
  ["Cross-Origin-Opener-Policy", "same-origin"],
];

/** The Content-Security-Policy of API responses (pages get a nonce-based one in proxy.ts). */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";
