/**
 * An absolute http(s) URL with a host, or a mailto: address; no spaces or control characters. What a
 * `url` property may hold (checked at write) and what the UI renders as a link (never `javascript:` or
 * `data:`), one definition for the server and the browser.
 */
export function isLinkUrl(value: string): boolean {
  if (/[\s\u0000-\u001F\u007F]/.test(value)) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol === "mailto:") return url.pathname.length > 0;
  return (url.protocol === "http:" || url.protocol === "https:") && url.hostname.length > 0;
}
