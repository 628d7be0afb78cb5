/** Request facts shared by tRPC, REST handlers and auth. */
export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  const ip = forwarded || headers.get("x-real-ip") || null;
  // Only something PostgreSQL's inet type accepts; anything else is dropped rather than failing the write.
  return ip && /^[0-9a-fA-F:.]+$/.test(ip) ? ip : null;
}
