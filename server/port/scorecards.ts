import { isAdmin, type ServiceContext } from "../context";
import { forbidden, invalid, type ErrorDetail } from "../errors";
import { inSavepoint } from "./savepoint";
import { putScorecard } from "../scorecards/service";
import { portList } from "./lists";

/**
 * Port's scorecards file, as its integrations publish it (`.port/resources/scorecards.json`):
 * `[{"blueprint": "service", "data": [<scorecard>, …]}, …]`, or a list of scorecards that each name
 * their `blueprint`. Every scorecard is saved as `PUT …/scorecards/{id}` would (Port's JSON read as
 * written); all or nothing, with every scorecard's problems reported under its place in the file.
 */
export type PortScorecardsReport = { created: string[]; updated: string[]; unchanged: string[] };

export async function importPortScorecards({ ctx, input: sent }: { ctx: ServiceContext; input: unknown }): Promise<PortScorecardsReport> {
  // Port's GET /v1/scorecards answers {"ok": true, "scorecards": [...]}: that file is taken as it is.
  const input = portList(sent, "scorecards");
  if (!isAdmin(ctx.actor)) throw forbidden("Only admins can import scorecards");
  if (!Array.isArray(input)) throw invalid("Port's scorecards file is a list", [{ path: "", message: 'must be [{"blueprint": …, "data": [scorecards]}] or a list of scorecards with "blueprint"' }]);
  const items: { path: string; blueprint: unknown; scorecard: Record<string, unknown> }[] = [];
  const problems: ErrorDetail[] = [];
  input.forEach((entry: unknown, i) => {
    const e = (entry ?? {}) as Record<string, unknown>;
    if (Array.isArray(e.data)) e.data.forEach((sc: unknown, j) => items.push({ path: `/${i}/data/${j}`, blueprint: e.blueprint, scorecard: (sc ?? {}) as Record<string, unknown> }));
    else if (e.identifier !== undefined) items.push({ path: `/${i}`, blueprint: e.blueprint, scorecard: e });
    else problems.push({ path: `/${i}`, message: 'must be {"blueprint", "data": [scorecards]} or a scorecard with "blueprint"' });
  });
  const report: PortScorecardsReport = { created: [], updated: [], unchanged: [] };
  await ctx.db.transaction(async (tx) => {
    const t: ServiceContext = { ...ctx, db: tx };
    for (const item of items) {
      if (typeof item.blueprint !== "string") {
        problems.push({ path: `${item.path}/blueprint`, message: "names the blueprint the scorecard is about" });
        continue;
      }
      const { blueprint: _b, ...scorecard } = item.scorecard;
      void _b;
      const saved = await inSavepoint(tx, problems, item.path, (sp) => putScorecard({ ctx: { ...t, db: sp }, input: { blueprint: item.blueprint as string, scorecard } }));
      if (saved) (saved.unchanged ? report.unchanged : saved.created ? report.created : report.updated).push(`${item.blueprint}/${saved.scorecard.identifier}`);
    }
    if (problems.length) throw invalid(`${problems.length} problem${problems.length === 1 ? "" : "s"} in the scorecards; none were saved`, problems);
  });
  return report;
}
