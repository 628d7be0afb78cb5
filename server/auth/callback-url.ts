/**
 * Where the portal may send a browser after sign-in: only a path of its own origin. The value is
 * parsed as a browser would parse it (WHATWG URL, against the portal's public base URL), so that
 * backslashes, encodings, tabs and newlines cannot turn a "path" into another host.
 */
const FALLBACK_BASE = "http://localhost";

/** `value` as a path (with query and fragment) when it resolves to `base`'s origin, else null. */
export function sameOriginPath(value: unknown, base: string = FALLBACK_BASE): string | null {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return null;
  // Browsers drop ASCII tab and newline and trim control characters before parsing: refuse them outright.
  if (/[\u0000-\u001F\u007F]/.test(value)) return null;
  let url: URL;
  let origin: string;
  try {
    origin = new URL(base).origin;
    url = new URL(value, base);
  } catch {
    return null;
  }
  if (url.origin !== origin) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // The browser parses what we return again: it must stay a path of this origin, not `//host`.
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return null;
  return path;
}

/** A sign-in callback: a same-origin path, never the sign-in page itself or an API route; else home. */
export function safeCallbackUrl(value: unknown, base: string = FALLBACK_BASE): string {
  const path = sameOriginPath(value, base);
  if (!path || /^\/(signin|api)(\/|\?|#|$)/i.test(path)) return "/";
  return path;
}
