/** Groups from a claim that may be an array or a comma/space separated string. */
export function groupsFromClaim(profile: Record<string, unknown> | undefined, claim: string): string[] | undefined {
  const raw = profile?.[claim];
  if (Array.isArray(raw)) return raw.filter((g): g is string => typeof g === "string");
  if (typeof raw === "string") return raw.split(/[,\s]+/).filter(Boolean);
  return undefined;
}
