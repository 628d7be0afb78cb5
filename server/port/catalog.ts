import { asc, eq, inArray, sql } from "drizzle-orm";
import { actions, blueprints, entities, scorecards, teamMembers, teams, users } from "@/db/schema";
import { toActionJson } from "../actions/service";
import { toBlueprintJson } from "../catalog/blueprints";
import { IMPORT_STEP, upsertEntities, type WriteResult } from "../catalog/entities";
import { tuneImportTransaction, vacuumAfterImport } from "../catalog/statistics";
import { requireAdmin, type ServiceContext } from "../context";
import { invalid, toDomainError } from "../errors";
import { toScorecardJson } from "../scorecards/definition";
import { toPortAction } from "./action-json";
import { importPortActions } from "./actions";
import { importPortBlueprints } from "./blueprints";
import { importPortScorecards } from "./scorecards";
import { importPortTeams, portTeamId, portTeamName } from "./teams";

/**
 * Portico's configuration and catalog as Port JSON, and back: one document
 * `{blueprints, teams, entities, scorecards: [{blueprint, data}], actions, warnings}` whose parts are what Port's
 * API takes (`POST /v1/blueprints`, `/v1/teams`, `/v1/blueprints/{bp}/entities`, scorecards per blueprint,
 * `POST /v1/actions`). What Port cannot say is listed in `warnings`, never dropped silently. Importing the
 * document (`importPortCatalog`) and exporting again gives the same document.
 */
type Json = Record<string, unknown>;
export type PortDocument = { blueprints: Json[]; teams: Json[]; entities: Json[]; scorecards: { blueprint: string; data: Json[] }[]; actions: Json[]; warnings: string[] };

/** Portico's Query (rules, `meta`) in Port's spelling (conditions, `$`-properties), for scorecards. */
function toPortConditions(query: unknown, at: string, warnings: string[]): Json | undefined {
  if (!query || typeof query !== "object") return undefined;
  const q = query as { combinator?: string; rules?: Json[] };
  const conditions = (q.rules ?? []).map((r) => {
    if ("rules" in r) warnings.push(`${at}: a nested query has no counterpart in Port's scorecard conditions`);
    if (typeof r.meta === "string") {
      const { meta, ...rest } = r;
      return { property: meta, ...rest };
    }
    return r;
  });
  return { combinator: q.combinator ?? "and", conditions };
}

export async function exportPort({ ctx }: { ctx: ServiceContext }): Promise<PortDocument> {
  requireAdmin(ctx, "export the configuration and catalog");
  const [bpRows, teamRows, memberRows, entityRows, scorecardRows, actionRows] = await Promise.all([
    ctx.db.select().from(blueprints).orderBy(asc(blueprints.identifier)),
    ctx.db.select().from(teams).orderBy(asc(teams.id)),
    ctx.db.select({ teamId: teamMembers.teamId, email: users.email }).from(teamMembers).innerJoin(users, eq(teamMembers.userId, users.id)).orderBy(asc(users.email)),
    ctx.db.select().from(entities).orderBy(asc(entities.blueprint), asc(entities.identifier)),
    ctx.db.select().from(scorecards).orderBy(asc(scorecards.blueprint), asc(scorecards.identifier)),
    ctx.db.select().from(actions).orderBy(asc(actions.identifier)),
  ]);
  const warnings: string[] = [];
  const nameOf = new Map(teamRows.map((t) => [t.id, portTeamName(t)]));
  const retitled = teamRows.filter((t) => portTeamName(t) === t.id && t.title !== t.id);
  if (retitled.length) warnings.push(`teams ${retitled.map((t) => t.id).join(", ")}: Port names a team once, so their titles are not kept (their identifiers are the names)`);
  const tree = teamRows.filter((t) => t.parentId || t.type || t.email || t.picture || t.idpGroup);
  if (tree.length) warnings.push(`teams ${tree.map((t) => t.id).join(", ")}: Port teams have no parent, type, email, picture or IdP group; those are not kept`);

  const out: PortDocument = { blueprints: [], teams: [], entities: [], scorecards: [], actions: [], warnings };
  for (const row of bpRows) {
    const { createdAt: _c, createdBy: _cb, updatedAt: _u, updatedBy: _ub, identifier, title, icon, description, ...rest } = toBlueprintJson(row);
    void [_c, _cb, _u, _ub];
    out.blueprints.push({ identifier, title, ...(icon ? { icon } : {}), ...(description ? { description } : {}), ...rest });
  }
  for (const t of teamRows) {
    const members = memberRows.filter((m) => m.teamId === t.id).map((m) => m.email);
    out.teams.push({ name: nameOf.get(t.id)!, ...(t.description ? { description: t.description } : {}), users: members });
  }
  for (const e of entityRows) {
    out.entities.push({
      identifier: e.identifier,
      ...(e.title !== null ? { title: e.title } : {}),
      blueprint: e.blueprint,
      team: e.team.map((id) => nameOf.get(id) ?? id),
      properties: e.properties,
      relations: e.relations,
    });
  }
  const groups = new Map<string, Json[]>();
  for (const row of scorecardRows) {
    const s = toScorecardJson(row);
    const at = `scorecard ${s.blueprint}/${s.identifier}`;
    if (s.description) warnings.push(`${at}: Port scorecards have no description; it is not kept`);
    const rules = s.rules.map((r) => {
      const { weight, query, ...rest } = r as Json & { weight?: number; query: unknown };
      if (weight !== undefined && weight !== 1) warnings.push(`${at}: Port rules have no weight (rule ${String(rest.identifier)})`);
      return { ...rest, query: toPortConditions(query, at, warnings) };
    });
    const filter = s.filter ? toPortConditions(s.filter, at, warnings) : undefined;
    const list = groups.get(s.blueprint) ?? [];
    list.push({ identifier: s.identifier, title: s.title, ...(filter ? { filter } : {}), levels: s.levels, rules });
    groups.set(s.blueprint, list);
  }
  out.scorecards = [...groups].map(([blueprint, data]) => ({ blueprint, data }));
  for (const row of actionRows) {
    const { action, warnings: w } = toPortAction(toActionJson(row));
    warnings.push(...w);
    if (action) out.actions.push(action);
  }
  return out;
}

export type PortImportReport = {
  blueprints: { created: string[]; updated: string[]; unchanged: string[] };
  teams: { created: string[]; updated: string[]; unchanged: string[] };
  entities: { created: number; updated: number; unchanged: number };
  scorecards: { created: string[]; updated: string[]; unchanged: string[] };
  actions: { created: string[]; updated: string[]; unchanged: string[] };
};

/** Problems of one part of the document, under the part's path. */
async function part<T>(path: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const domain = toDomainError(error);
    if (!domain || domain.code !== "VALIDATION") throw error;
    throw invalid(`${path.slice(1)}: ${domain.message}`, (domain.details ?? [{ path: "", message: domain.message }]).map((d) => ({ ...d, path: d.path.startsWith(path) ? d.path : `${path}${d.path}` })));
  }
}

/**
 * The document `exportPort` writes (any part may be left out), in one transaction: teams, blueprints, entities,
 * scorecards, actions. All or nothing; a 400 names the first part with problems and every problem in it.
 * Entities are written per blueprint in chunks; a relation to an entity that a later chunk creates is written
 * once that entity exists, and an identical re-import changes nothing.
 */
export async function importPortCatalog({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<PortImportReport> {
  requireAdmin(ctx, "import a configuration and catalog");
  if (!input || typeof input !== "object" || Array.isArray(input)) throw invalid("Port's export is an object", [{ path: "", message: "must be {blueprints, teams, entities, scorecards, actions}" }]);
  const doc = input as Partial<Record<keyof PortDocument, unknown>>;
  const none = { created: [], updated: [], unchanged: [] };
  const report = await ctx.db.transaction(async (tx) => {
    const t: ServiceContext = { ...ctx, db: tx };
    await tuneImportTransaction(ctx.db, tx, Array.isArray(doc.entities) ? doc.entities.length : 0);
    const report: PortImportReport = { blueprints: none, teams: none, entities: { created: 0, updated: 0, unchanged: 0 }, scorecards: none, actions: none };
    if (doc.teams !== undefined) report.teams = await part("/teams", () => importPortTeams(t, doc.teams, "/teams"));
    if (doc.blueprints !== undefined) report.blueprints = await part("/blueprints", () => importPortBlueprints({ ctx: t, input: doc.blueprints }));
    if (doc.entities !== undefined) report.entities = await part("/entities", () => writePortEntities(t, doc.entities));
    if (doc.scorecards !== undefined) report.scorecards = await part("/scorecards", () => importPortScorecards({ ctx: t, input: doc.scorecards }));
    if (doc.actions !== undefined) report.actions = await part("/actions", () => importPortActions({ ctx: t, input: doc.actions }));
    return report;
  });
  void vacuumAfterImport(ctx.db, report.entities.created + report.entities.updated);
  return report;
}

async function writePortEntities(ctx: ServiceContext, input: unknown): Promise<PortImportReport["entities"]> {
  if (!Array.isArray(input)) throw invalid("Port's entities are a list", [{ path: "", message: "must be a list of entities, each with its blueprint" }]);
  const byBlueprint = new Map<string, { index: number; entity: Json }[]>();
  input.forEach((e: unknown, index) => {
    const entity = (e ?? {}) as Json;
    const bp = typeof entity.blueprint === "string" ? entity.blueprint : "";
    const { blueprint: _b, team, ...rest } = entity;
    void _b;
    const teamIds = team === undefined ? undefined : (Array.isArray(team) ? team : [team]).map((n) => (typeof n === "string" ? portTeamId(n) : n));
    const list = byBlueprint.get(bp) ?? [];
    list.push({ index, entity: { ...rest, ...(teamIds ? { team: teamIds } : {}) } });
    byBlueprint.set(bp, list);
  });
  if (byBlueprint.has("")) throw invalid("Some entities name no blueprint", byBlueprint.get("")!.map((i) => ({ path: `/${i.index}/blueprint`, message: "is required" })));
  const bpRelations = new Map(
    (await ctx.db.select({ id: blueprints.identifier, relations: blueprints.relations }).from(blueprints).where(inArray(blueprints.identifier, [...byBlueprint.keys()]))).map((b) => [b.id, b.relations]),
  );
  const unknown = [...byBlueprint.keys()].filter((b) => !bpRelations.has(b));
  if (unknown.length) throw invalid("Some entities name a blueprint that does not exist", unknown.map((b) => ({ path: `/${byBlueprint.get(b)![0]!.index}/blueprint`, message: `blueprint ${b} does not exist` })));

  // What exists already (a relation to it is written at once) and what this import writes (a relation to it waits until it is written).
  const counts = { created: 0, updated: 0, unchanged: 0 };
  const state = new Map<string, "created" | "updated" | "unchanged">();
  const written = new Set<string>();
  const targets = new Set<string>();
  for (const list of byBlueprint.values()) for (const { entity } of list) for (const v of Object.values((entity.relations ?? {}) as Json)) for (const id of [v].flat()) if (typeof id === "string") targets.add(id);
  const present = new Set(
    // One array parameter, however many targets (a parameter each would pass PostgreSQL's limit of 65,535).
    targets.size ? (await ctx.db.select({ b: entities.blueprint, i: entities.identifier }).from(entities).where(sql`${entities.identifier} = any(${sql.param([...targets])}::text[])`)).map((r) => `${r.b}/${r.i}`) : [],
  );
  const note = (bp: string, results: WriteResult[]) => {
    for (const r of results) {
      const key = `${bp}/${r.entity.identifier}`;
      const before = state.get(key);
      state.set(key, before === "created" || (!before && r.created) ? "created" : before === "updated" || !r.unchanged ? "updated" : "unchanged");
      written.add(key);
    }
  };
  const later: { bp: string; index: number; entity: Json }[] = [];
  for (const [bp, list] of byBlueprint) {
    for (let i = 0; i < list.length; i += IMPORT_STEP) {
      const chunk = list.slice(i, i + IMPORT_STEP);
      const here = new Set(chunk.map((c) => `${bp}/${String(c.entity.identifier)}`));
      const payload = chunk.map(({ index, entity }) => {
        const relations = { ...((entity.relations ?? {}) as Json) };
        let deferred = false;
        for (const [key, value] of Object.entries(relations)) {
          const target = bpRelations.get(bp)?.[key]?.target;
          if (!target) continue;
          const ready = (id: unknown) => typeof id !== "string" || present.has(`${target}/${id}`) || written.has(`${target}/${id}`) || here.has(`${target}/${id}`);
          if (Array.isArray(value) ? value.every(ready) : ready(value)) continue;
          deferred = true;
          const kept = Array.isArray(value) ? value.filter(ready) : undefined;
          if (kept?.length) relations[key] = kept;
          else delete relations[key];
        }
        if (deferred) later.push({ bp, index, entity });
        return { ...entity, relations };
      });
      note(
        bp,
        await upsertEntities({ ctx, input: { blueprint: bp, entities: payload, mode: "upsert", bulk: true, importStep: true } }).catch((e: unknown) => {
          throw reindex(e, chunk.map((c) => c.index));
        }),
      );
    }
  }
  for (let i = 0; i < later.length; i += IMPORT_STEP) {
    const chunk = later.slice(i, i + IMPORT_STEP);
    for (const bp of new Set(chunk.map((c) => c.bp))) {
      const mine = chunk.filter((c) => c.bp === bp);
      note(
        bp,
        await upsertEntities({ ctx, input: { blueprint: bp, entities: mine.map((c) => c.entity), mode: "upsert", bulk: true, importStep: true } }).catch((e: unknown) => {
          throw reindex(e, mine.map((c) => c.index));
        }),
      );
    }
  }
  for (const s of state.values()) counts[s]++;
  return counts;
}

/** A bulk write's `/<i>/…` problems at the entity's place in the document's list. */
function reindex(error: unknown, indexes: number[]): unknown {
  const domain = toDomainError(error);
  if (!domain || domain.code !== "VALIDATION") return error;
  return invalid(domain.message, (domain.details ?? []).map((d) => ({ ...d, path: d.path.replace(/^\/(\d+)/, (_, j: string) => `/${indexes[Number(j)]}`) })));
}
