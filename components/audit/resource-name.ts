/** A readable name for an audit event's resource where the event carries one (users are stored by id). */
export function resourceName(e: { resourceId: string; before: unknown; after: unknown }) {
  const snapshot = (e.after ?? e.before) as Record<string, unknown> | null;
  const name = snapshot && typeof snapshot === "object" ? (snapshot.email ?? snapshot.title) : undefined;
  return typeof name === "string" && name !== e.resourceId ? `${name} (${e.resourceId})` : e.resourceId;
}
