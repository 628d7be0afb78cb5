/**
 * The fields a GET of a definition returns that no write sets, in Portico's JSON and Port's alike: who
 * made it and when. A definition read and sent back as a PUT carries them (Port's own migration script
 * GETs every blueprint and PUTs it, as is, into another account), so a write of a blueprint, a
 * scorecard or an action ignores them rather than refusing the keys.
 */
export const READ_ONLY_FIELDS = ["createdAt", "createdBy", "updatedAt", "updatedBy"] as const;

export function withoutReadOnlyFields(input: unknown): unknown {
  if (!input || typeof input !== "object" || Array.isArray(input)) return input;
  const out = { ...(input as Record<string, unknown>) };
  for (const key of READ_ONLY_FIELDS) delete out[key];
  return out;
}
