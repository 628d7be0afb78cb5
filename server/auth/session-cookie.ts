/**
 * Auth.js's session cookie: `__Secure-authjs.session-token` when the portal is served over https,
 * `authjs.session-token` otherwise; a value longer than a cookie holds is split into `<name>.0`,
 * `<name>.1`, … (ours carries only the server-side session id, so it never is, but we read both).
 */
export const SESSION_COOKIE_NAMES = ["authjs.session-token", "__Secure-authjs.session-token"] as const;

/** The cookie name Auth.js sets (and reads) for a portal at `publicUrl`. */
export const sessionCookieName = (publicUrl: string) => (publicUrl.startsWith("https:") ? SESSION_COOKIE_NAMES[1] : SESSION_COOKIE_NAMES[0]);

export type Cookie = { name: string; value: string };

/** The cookies of a `Cookie` request header (values percent-decoded when they are encoded). */
export function parseCookieHeader(header: string | null | undefined): Cookie[] {
  if (!header) return [];
  return header.split(";").flatMap((pair) => {
    const eq = pair.indexOf("=");
    if (eq <= 0) return [];
    const name = pair.slice(0, eq).trim();
    const raw = pair.slice(eq + 1).trim();
    let value = raw;
    try {
      value = decodeURIComponent(raw);
    } catch {
      // kept as sent
    }
    return name ? [{ name, value }] : [];
  });
}

/** The value of cookie `name` among `cookies`, whole or joined from its chunks in order. */
export function cookieValue(cookies: Cookie[], name: string): string | undefined {
  const whole = cookies.find((c) => c.name === name);
  if (whole) return whole.value;
  const chunks = cookies
    .map((c) => ({ index: c.name.startsWith(`${name}.`) ? c.name.slice(name.length + 1) : "", value: c.value }))
    .filter((c) => /^\d{1,3}$/.test(c.index))
    .sort((a, b) => Number(a.index) - Number(b.index));
  return chunks.length ? chunks.map((c) => c.value).join("") : undefined;
}

/** Whether the request carries any session cookie (the proxy's hint to send a visitor to sign-in). */
export const hasSessionCookie = (cookies: Cookie[]) => SESSION_COOKIE_NAMES.some((name) => cookieValue(cookies, name) !== undefined);
