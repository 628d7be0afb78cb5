import { putAction } from "../actions/service";
import { isAdmin, type ServiceContext } from "../context";
import { forbidden, invalid, type ErrorDetail } from "../errors";
import { inSavepoint } from "./savepoint";
import { portList } from "./lists";

/**
 * Port's actions file: a list of actions (each as `POST /v1/actions` takes it), or Port's older per-blueprint groups
 * `[{"blueprint": "service", "data": [<action>, …]}]`. Every action is saved as `PUT /api/v1/actions/{id}` would
 * (Port's JSON read as written, server/port/action-json.ts); all or nothing, with every problem under its place.
 */
export type PortActionsReport = { created: string[]; updated: string[]; unchanged: string[] };

export async function importPortActions({ ctx, input: sent }: { ctx: ServiceContext; input: unknown }): Promise<PortActionsReport> {
  // Port's GET /v1/actions answers {"ok": true, "actions": [...]}: that file is taken as it is.
  const input = portList(sent, "actions");
  if (!isAdmin(ctx.actor)) throw forbidden("Only admins can import actions");
  if (!Array.isArray(input)) throw invalid("Port's actions file is a list", [{ path: "", message: 'must be a list of actions, or [{"blueprint": …, "data": [actions]}]' }]);
  const items: { path: string; action: Record<string, unknown> }[] = [];
  const problems: ErrorDetail[] = [];
  input.forEach((entry: unknown, i) => {
    const e = (entry ?? {}) as Record<string, unknown>;
    if (Array.isArray(e.data)) {
      e.data.forEach((a: unknown, j) => {
        const action = (a ?? {}) as Record<string, unknown>;
        // The group names the blueprint of the older shape, whose actions do not.
        items.push({ path: `/${i}/data/${j}`, action: typeof action.trigger === "string" && action.blueprint === undefined ? { ...action, blueprint: e.blueprint } : action });
      });
    } else if (e.identifier !== undefined) items.push({ path: `/${i}`, action: e });
    else problems.push({ path: `/${i}`, message: 'must be an action, or {"blueprint", "data": [actions]}' });
  });
  const report: PortActionsReport = { created: [], updated: [], unchanged: [] };
  await ctx.db.transaction(async (tx) => {
    for (const item of items) {
      const saved = await inSavepoint(tx, problems, item.path, (sp) => putAction({ ctx: { ...ctx, db: sp }, input: item.action }));
      if (saved) (saved.unchanged ? report.unchanged : saved.created ? report.created : report.updated).push(saved.action.identifier);
    }
    if (problems.length) throw invalid(`${problems.length} problem${problems.length === 1 ? "" : "s"} in the actions; none were saved`, problems);
  });
  return report;
}
