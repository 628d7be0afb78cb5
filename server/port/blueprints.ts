import { inArray } from "drizzle-orm";
import { blueprints } from "@/db/schema";
import { putBlueprint } from "../catalog/blueprints";
import { isAdmin, type ServiceContext } from "../context";
import { forbidden, invalid, type ErrorDetail } from "../errors";
import { inSavepoint } from "./savepoint";
import { portList } from "./lists";

/**
 * Port's blueprints file, as its integrations publish it (`.port/resources/blueprints.json`): a list of
 * blueprints that may point at each other in any order (relations, mirror and aggregation properties).
 * Each is saved as `PUT /api/v1/blueprints/{id}` would; blueprints new to the portal are first created
 * bare and aggregations added last, so every reference finds its target. All or nothing, with every
 * problem under its place.
 */
export type PortBlueprintsReport = { created: string[]; updated: string[]; unchanged: string[] };

export async function importPortBlueprints({ ctx, input: sent }: { ctx: ServiceContext; input: unknown }): Promise<PortBlueprintsReport> {
  // Port's GET /v1/blueprints answers {"ok": true, "blueprints": [...]}: that file is taken as it is.
  const input = portList(sent, "blueprints");
  if (!isAdmin(ctx.actor)) throw forbidden("Only admins can import blueprints");
  if (!Array.isArray(input)) throw invalid("Port's blueprints file is a list", [{ path: "", message: "must be a list of blueprints" }]);
  const items = input.map((b: unknown, i) => ({ path: `/${i}`, blueprint: (b ?? {}) as Record<string, unknown> }));
  const problems: ErrorDetail[] = [];
  const report: PortBlueprintsReport = { created: [], updated: [], unchanged: [] };
  await ctx.db.transaction(async (tx) => {
    const t: ServiceContext = { ...ctx, db: tx };
    const ids = items.map((i) => i.blueprint.identifier).filter((id): id is string => typeof id === "string");
    const existing = new Set(ids.length ? (await tx.select({ id: blueprints.identifier }).from(blueprints).where(inArray(blueprints.identifier, ids))).map((b) => b.id) : []);
    const attempt = (path: string, input: unknown, quiet = false) => inSavepoint(tx, quiet ? null : problems, path, (sp) => putBlueprint({ ctx: { ...t, db: sp }, input }));
    // New blueprints first, bare (a title is all a blueprint needs), so references between them resolve.
    for (const { path, blueprint } of items) {
      if (typeof blueprint.identifier !== "string" || existing.has(blueprint.identifier)) continue;
      await attempt(path, { identifier: blueprint.identifier, title: typeof blueprint.title === "string" && blueprint.title.trim() ? blueprint.title : blueprint.identifier });
    }
    // Then each in full, but its aggregations only once every relation is in place (they follow relations).
    const changed = new Map<string, boolean>();
    const hasAggregations = (b: Record<string, unknown>) => Boolean(b.aggregationProperties && Object.keys(b.aggregationProperties as object).length);
    const withAggregations: typeof items = [];
    for (const { path, blueprint } of items) {
      // In full when it can be (an identical re-import stays a no-op); else without its aggregations for now.
      const full = hasAggregations(blueprint) ? await attempt(path, blueprint, true) : undefined;
      if (full) {
        changed.set(full.blueprint.identifier, !full.unchanged);
        continue;
      }
      if (hasAggregations(blueprint)) withAggregations.push({ path, blueprint });
      const saved = await attempt(path, hasAggregations(blueprint) ? { ...blueprint, aggregationProperties: {} } : blueprint);
      if (saved) changed.set(saved.blueprint.identifier, !saved.unchanged);
    }
    for (const { path, blueprint } of withAggregations) {
      const saved = await attempt(path, blueprint);
      if (saved) changed.set(saved.blueprint.identifier, changed.get(saved.blueprint.identifier) || !saved.unchanged);
    }
    for (const [id, didChange] of changed) (!existing.has(id) ? report.created : didChange ? report.updated : report.unchanged).push(id);
    if (problems.length) throw invalid(`${problems.length} problem${problems.length === 1 ? "" : "s"} in the blueprints; none were saved`, problems);
  });
  return report;
}
