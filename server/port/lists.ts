/** A Port file of one kind: the list itself, or Port's API answer around it (`{"ok": true, "<kind>": [...]}`). */
export function portList(input: unknown, kind: "blueprints" | "scorecards" | "actions"): unknown {
  if (input && typeof input === "object" && !Array.isArray(input) && Array.isArray((input as Record<string, unknown>)[kind])) return (input as Record<string, unknown>)[kind];
  return input;
}
