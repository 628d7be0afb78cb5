import { eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { blueprints, entities, teamMembers, teams, users } from "@/db/schema";
import type { BlueprintProperty, BlueprintSchema } from "@/db/schema/catalog";
import { audited, type AuditRecord } from "../../audit/audited";
import { isAdmin, type ServiceContext } from "../../context";
import { forbidden, invalid } from "../../errors";
import { putBlueprint, toBlueprintJson } from "../blueprints";
import { IMPORT_STEP, upsertEntities } from "../entities";
import { inTransaction } from "@/db/client";
import { startProgress, type ProgressReporter } from "../import-progress";
import { tuneImportTransaction, vacuumAfterImport } from "../statistics";
import { validateProperties } from "../validation";
import { identifierOf, isCatalogKind, kindBlueprint, parseRef, stringList, type Problem, type SourceDoc, type Target } from "./format";
import { documentPointer, toDraft, type Draft } from "./mapping";
import { commonProperties, relationFor, shapes, writeOrder } from "./shapes";
import { readSources, type FileReader, type ImportFile } from "./sources";

export { parseRef } from "./format";
export type { ImportFile, FileReader } from "./sources";
export type { Problem } from "./format";

/**
 * Backstage `catalog-info.yaml` import (docs/backstage-import.md). Kinds map to blueprints
 * (Component → service, API → api, System → system, Domain → domain, Resource → resource), Group →
 * a team in the team tree plus its `team` entity, User → a user with memberships; Location targets
 * and `$text`/`$json`/`$yaml` substitutions are read from the same upload (or the repository).
 *
 * An import is a plan before it is a change: the same code runs for a dry run and for the real thing,
 * in one transaction that a dry run rolls back, so the plan lists exactly what applying would do —
 * blueprints created or extended, entities created, updated and unchanged — and every problem, each
 * with its document number, `kind:namespace/name` and JSON pointer. `mode: "atomic"` (the default)
 * writes nothing when any document has an error; `"valid"` imports the valid documents and reports the rest.
 */

export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;

export type ImportMode = "atomic" | "valid";

/** The files of an upload (tRPC and REST): paths relative to the upload's root, as a repository would have them. */
export const importInputSchema = z.object({
  files: z
    .array(z.object({ path: z.string().trim().min(1).max(500), content: z.string() }))
    .min(1, { error: "Paste or upload a catalog-info.yaml" })
    .max(1000)
    .refine((files) => files.reduce((n, f) => n + f.content.length, 0) <= MAX_IMPORT_BYTES, { error: `At most ${MAX_IMPORT_BYTES / 1024 / 1024} MB in all` }),
  dryRun: z.boolean().default(false),
  mode: z.enum(["atomic", "valid"]).default("atomic"),
  /** A UUID the client chose to poll the import's progress with (`import.progress`). */
  progressId: z.uuid().optional(),
});
export type ImportInput = {
  yaml?: string;
  files?: ImportFile[];
  dryRun?: boolean;
  mode?: ImportMode;
  progressId?: string;
  /** The repository the files came from (GitHub discovery): recorded on every entity. */
  source?: { repository: string };
  /** Reads further files of that repository (Location targets, substitutions). */
  read?: FileReader;
};
type Item = { kind: string; identifier: string; document?: number };
export type ImportReport = {
  dryRun: boolean;
  /** Whether the import changed the catalog (false for a dry run, and for an atomic import with errors). */
  applied: boolean;
  mode: ImportMode;
  documents: number;
  blueprints: { identifier: string; change: "create" | "update"; details: string[] }[];
  created: Item[];
  updated: Item[];
  unchanged: Item[];
  skipped: { document: number; file?: string; ref?: string; reason: string }[];
  problems: Problem[];
};

class Rollback extends Error {}

export async function importBackstage({ ctx, input }: { ctx: ServiceContext; input: ImportInput }): Promise<ImportReport> {
  if (!isAdmin(ctx.actor)) throw forbidden("Only admins can import into the catalog");
  const files = input.files ?? (input.yaml !== undefined ? [{ path: "catalog-info.yaml", content: input.yaml }] : []);
  // Progress is written on the pool, beside the import's transaction (never inside a caller's).
  const progress = inTransaction(ctx.db) ? await startProgress(null, ctx, undefined) : await startProgress(ctx.db, ctx, input.progressId);
  try {
    const report = await run(ctx, input, files, progress);
    await progress.end(true);
    // A dry run's rows were written and rolled back: the vacuum clears them and the index entries they left.
    if (report.applied || report.dryRun) void vacuumAfterImport(ctx.db, report.created.length + report.updated.length);
    return report;
  } catch (error) {
    await progress.end(false);
    throw error;
  }
}

async function run(ctx: ServiceContext, input: ImportInput, files: ImportFile[], progress: ProgressReporter): Promise<ImportReport> {
  const mode = input.mode ?? "atomic";
  const sources = await readSources(files, input.read);
  progress.phase("planning", sources.count);
  const report: ImportReport = {
    dryRun: Boolean(input.dryRun),
    applied: false,
    mode,
    documents: sources.count,
    blueprints: [],
    created: [],
    updated: [],
    unchanged: [],
    skipped: sources.skipped,
    problems: sources.problems,
  };
  if (report.documents === 0) throw invalid("No Backstage documents found", [{ path: "", message: "is empty" }]);

  try {
    await ctx.db.transaction(async (tx) => {
      const t: ServiceContext = { ...ctx, db: tx };
      await tuneImportTransaction(ctx.db, tx, sources.count);
      await plan(t, sources.documents, input, report, progress);
      const hasErrors = report.problems.some((p) => p.severity === "error");
      if (input.dryRun || (hasErrors && mode === "atomic")) throw new Rollback();
      report.applied = true;
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  sortReport(report);
  if (!report.dryRun && !report.applied) {
    const errors = report.problems.filter((p) => p.severity === "error");
    throw invalid(`${errors.length} problem${errors.length === 1 ? "" : "s"} in the import; nothing was written (mode "valid" imports the valid documents)`, errors.map(problemDetail));
  }
  return report;
}

/** One line for logs and sync reports: `document 3 (component:default/x) /spec/owner: message`. */
export const describeProblem = (p: Problem) =>
  `${p.severity === "error" ? "error" : "warning"}: ${p.file ? `${p.file} ` : ""}document ${p.document ?? "?"}${p.ref ? ` (${p.ref})` : ""}${p.pointer ? ` ${p.pointer}` : ""}: ${p.message}`;

const problemDetail = (p: Problem) => ({ path: `/documents/${p.document ?? 0}${p.pointer}`, message: p.message, document: p.document, ref: p.ref });

function sortReport(report: ImportReport) {
  const byDoc = (a: { document?: number }, b: { document?: number }) => (a.document ?? 0) - (b.document ?? 0);
  report.problems.sort(byDoc);
  report.skipped.sort(byDoc);
}

/** Everything an import does, inside the caller's transaction. */
async function plan(ctx: ServiceContext, documents: SourceDoc[], input: ImportInput, report: ImportReport, progress: ProgressReporter) {
  const problems = report.problems;
  const warn = (s: SourceDoc, pointer: string, message: string) => problems.push({ severity: "warning", document: s.document, file: s.file, ref: s.ref, pointer, message });
  const fail = (s: SourceDoc, pointer: string, message: string) => problems.push({ severity: "error", document: s.document, file: s.file, ref: s.ref, pointer, message });

  // 1. Documents → drafts; a ref defined twice is an error on the later one.
  const firstOf = new Map<string, number>();
  const drafts: Draft[] = [];
  const people: SourceDoc[] = [];
  for (const s of documents) {
    if (firstOf.has(s.ref)) {
      fail(s, "/metadata/name", `${s.ref} is also defined by document ${firstOf.get(s.ref)}`);
      continue;
    }
    firstOf.set(s.ref, s.document);
    if (s.kind === "user") people.push(s);
    else if (isCatalogKind(s.kind) || s.kind === "group") drafts.push(toDraft(s, problems));
    else report.skipped.push({ document: s.document, file: s.file, ref: s.ref, reason: `kind ${s.doc.kind as string} is not imported (Portico imports Component, API, System, Domain, Resource, Group and User, and follows Location)` });
  }
  if (input.source) for (const d of drafts) if (d.blueprint !== "team") Object.assign(d.properties, { repository: input.source.repository, orphaned: false });

  // 2. Blueprints: created or extended with what the drafts need (and what their relations point at).
  const needed = new Set<Target | "team">(drafts.map((d) => d.blueprint));
  // …and, transitively, what their relations point at.
  for (const bp of needed) for (const r of Object.values(shapes[bp].relations)) needed.add(r.target as Target);
  const schemas = new Map<string, BlueprintSchema>();
  const exists = new Set((await ctx.db.select({ id: blueprints.identifier }).from(blueprints)).map((b) => b.id));
  const deferred: Parameters<typeof putBlueprint>[0]["input"][] = [];
  for (const bp of writeOrder) {
    if (!needed.has(bp)) continue;
    const result = await blueprintChange(ctx, bp, drafts.filter((d) => d.blueprint === bp));
    schemas.set(bp, result.schema);
    if (!result.change) continue;
    report.blueprints.push(result.change);
    // Blueprints that point at each other (service ↔ resource): a relation to one not yet written is added after it is.
    const ready = Object.fromEntries(Object.entries(result.input.relations).filter(([, r]) => exists.has(r.target) || r.target === bp));
    await putBlueprint({ ctx, input: { ...result.input, relations: ready } });
    exists.add(bp);
    if (Object.keys(ready).length < Object.keys(result.input.relations).length) deferred.push(result.input);
  }
  for (const input of deferred) await putBlueprint({ ctx, input });

  // 3. Validation against the blueprints as they will be; an invalid document is not written.
  const invalidDocs = new Set(problems.filter((p) => p.severity === "error").map((p) => p.document));
  for (const d of drafts) {
    // A document with mapping errors already says what is wrong; its validation would repeat it.
    if (invalidDocs.has(d.source.document)) continue;
    for (const e of validateProperties(schemas.get(d.blueprint)!, d.properties)) fail(d.source, documentPointer(d, e.path), e.message);
  }
  const people2 = people.filter((s) => {
    const email = (s.doc.spec?.profile as { email?: unknown } | undefined)?.email;
    if (typeof email === "string" && /^[^@\s]+@[^@\s]+$/.test(email)) return true;
    // Valid Backstage, but Portico identifies users by email: not an error that should hold back the rest.
    warn(s, "/spec/profile/email", "is missing: Portico identifies users by email, so this user is not imported");
    report.skipped.push({ document: s.document, file: s.file, ref: s.ref, reason: "User without spec.profile.email" });
    return false;
  });
  for (const p of problems) if (p.severity === "error" && p.document !== undefined) invalidDocs.add(p.document);
  const valid = drafts.filter((d) => !invalidDocs.has(d.source.document));
  for (const d of drafts) if (invalidDocs.has(d.source.document)) report.skipped.push({ document: d.source.document, file: d.source.file, ref: d.source.ref, reason: "has errors (see problems)" });

  // 4. What references can point at: valid documents of this upload, and what the catalog already has.
  const userEmail = new Map<string, string>();
  for (const s of people2) if (!invalidDocs.has(s.document)) userEmail.set(`${s.namespace}/${s.name}`, ((s.doc.spec!.profile as { email: string }).email).toLowerCase());
  const groupIds = new Set(valid.filter((d) => d.blueprint === "team").map((d) => d.identifier));
  const knownTeams = new Set([...groupIds, ...(await ctx.db.select({ id: teams.id }).from(teams)).map((r) => r.id)]);
  const defined = new Set(valid.map((d) => `${d.blueprint}/${d.identifier}`));
  const existing = await existingEntities(ctx, valid);
  const resolves = (bp: string, id: string) => defined.has(`${bp}/${id}`) || existing.has(`${bp}/${id}`);

  // 5. Teams first (entities are owned by them), then entities target before source.
  progress.phase("writing", valid.length);
  const members = await writeGroups(ctx, valid.filter((d) => d.blueprint === "team"), knownTeams, userEmail, report, warn);
  // A relation to an entity this upload creates later (service ↔ resource, or a later chunk) is
  // written once that entity exists: the first write leaves it out, a second adds it.
  const inCatalog = (bp: string, id: string) => existing.has(`${bp}/${id}`);
  const status = new Map<string, Item & { state: "created" | "updated" | "unchanged" }>();
  const record = (bp: string, w: { entity: { identifier: string }; created: boolean; unchanged: boolean }, document: number | undefined) => {
    const key = `${bp}/${w.entity.identifier}`;
    const before = status.get(key);
    const state = before?.state === "created" || (!before && w.created) ? "created" : before?.state === "updated" || !w.unchanged ? "updated" : "unchanged";
    status.set(key, { kind: bp, identifier: w.entity.identifier, document, state });
  };
  const later: { bp: string; payload: Payload; document: number }[] = [];
  for (const bp of writeOrder) {
    const items = valid.filter((d) => d.blueprint === bp);
    for (let i = 0; i < items.length; i += IMPORT_STEP) {
      const chunk = items.slice(i, i + IMPORT_STEP);
      const here = new Set(chunk.map((d) => `${bp}/${d.identifier}`));
      const payload = chunk.map((d) => {
        const full = toPayload(d, resolves, knownTeams, userEmail, warn);
        const now = { ...full, relations: { ...full.relations } };
        let deferred = false;
        for (const [key, value] of Object.entries(full.relations)) {
          const target = shapes[bp].relations[key]!.target;
          const ok = (id: string) => inCatalog(target, id) || status.has(`${target}/${id}`) || here.has(`${target}/${id}`);
          const kept = Array.isArray(value) ? value.filter(ok) : ok(value) ? value : undefined;
          if (Array.isArray(value) ? (kept as string[]).length === value.length : kept !== undefined) continue;
          deferred = true;
          if (kept === undefined || (kept as string[]).length === 0) delete now.relations[key];
          else now.relations[key] = kept;
        }
        if (deferred) later.push({ bp, payload: full, document: d.source.document });
        return now;
      });
      const written = await upsertEntities({ ctx, input: { blueprint: bp, entities: payload, mode: "upsert", bulk: true, importStep: true } });
      written.forEach((w, j) => record(bp, w, chunk[j]?.source.document));
      progress.advance(chunk.length);
    }
  }
  for (const bp of writeOrder) {
    const mine = later.filter((l) => l.bp === bp);
    for (let i = 0; i < mine.length; i += IMPORT_STEP) {
      const written = await upsertEntities({ ctx, input: { blueprint: bp, entities: mine.slice(i, i + IMPORT_STEP).map((l) => l.payload), mode: "upsert", bulk: true, importStep: true } });
      written.forEach((w, j) => record(bp, w, mine[i + j]?.document));
    }
  }
  progress.phase("finishing");
  for (const item of status.values()) {
    const { state, ...rest } = item;
    if (item.kind === "team") mergeTeamEntity(report, item.identifier, state !== "unchanged");
    else report[state].push(rest);
  }
  await writeUsers(ctx, people2.filter((s) => !invalidDocs.has(s.document)), members, knownTeams, report, warn);
}

/** The referenced entities the catalog already has (defined in the upload or not). */
async function existingEntities(ctx: ServiceContext, drafts: Draft[]) {
  const wanted = new Set<string>();
  for (const d of drafts) {
    if (d.blueprint === "team") continue;
    for (const r of d.references) {
      const bp = kindBlueprint[r.kind as keyof typeof kindBlueprint];
      const key = bp && `${bp}/${identifierOf(r.namespace, r.name)}`;
      if (key) wanted.add(identifierOf(r.namespace, r.name));
    }
  }
  const existing = new Set<string>();
  if (!wanted.size) return existing;
  for (const row of await ctx.db.select({ b: entities.blueprint, i: entities.identifier }).from(entities).where(inArray(entities.identifier, [...wanted]))) existing.add(`${row.b}/${row.i}`);
  return existing;
}

type Payload = { identifier: string; title: string | null; team: string[]; properties: Record<string, unknown>; relations: Record<string, string | string[]> };

function toPayload(
  d: Draft,
  resolves: (bp: string, id: string) => boolean,
  knownTeams: Set<string>,
  userEmail: Map<string, string>,
  warn: (s: SourceDoc, pointer: string, message: string) => void,
): Payload {
  const relations: Record<string, string | string[]> = {};
  const team: string[] = [];
  const properties = { ...d.properties };
  if (d.blueprint === "team") {
    team.push(d.identifier);
  } else {
    for (const r of d.references) {
      const target = kindBlueprint[r.kind as keyof typeof kindBlueprint];
      const id = identifierOf(r.namespace, r.name);
      const relation = target && relationFor(d.blueprint, r.field, target);
      if (!relation) {
        warn(d.source, r.pointer, `${r.field} cannot point at a ${r.kind} in Portico; dropped`);
        continue;
      }
      if (!resolves(target, id)) {
        warn(d.source, r.pointer, `${r.kind}:${r.namespace}/${r.name} is neither in this upload nor in the catalog; dropped`);
        continue;
      }
      if (shapes[d.blueprint].relations[relation]!.many) relations[relation] = [...((relations[relation] as string[] | undefined) ?? []), id];
      else relations[relation] = id;
    }
  }
  if (d.owner) {
    const id = identifierOf(d.owner.namespace, d.owner.name);
    if (d.owner.kind === "group" && knownTeams.has(id)) {
      if (!team.includes(id)) team.push(id);
    } else if (d.owner.kind === "user" && d.blueprint !== "team") {
      // A user owner is kept: by email when the upload defines the user, else as the reference.
      const email = userEmail.get(`${d.owner.namespace}/${d.owner.name}`);
      properties.ownerUser = email ?? `user:${d.owner.namespace}/${d.owner.name}`;
      if (!email) warn(d.source, d.owner.pointer, `user:${d.owner.namespace}/${d.owner.name} is not in this upload; kept as the reference`);
    } else warn(d.source, d.owner.pointer, `${d.owner.kind}:${d.owner.namespace}/${d.owner.name} is not a known group; left without owner`);
  }
  return { identifier: d.identifier, title: d.title, team, properties, relations };
}

/**
 * The blueprint as the drafts need it: created, or with the properties and relations they use added,
 * and the enum values they use allowed (the plan lists each, so applying it is the admin's consent).
 */
async function blueprintChange(ctx: ServiceContext, id: Target | "team", drafts: Draft[]) {
  const shape = shapes[id];
  const [current] = await ctx.db.select().from(blueprints).where(eq(blueprints.identifier, id));
  const base = current ? toBlueprintJson(current) : { identifier: id, title: shape.title, icon: shape.icon, description: null, schema: { properties: {}, required: [] as string[] }, relations: {}, mirrorProperties: {} };
  const details: string[] = [];
  const properties: Record<string, BlueprintProperty> = { ...base.schema.properties };
  for (const [key, p] of Object.entries({ ...commonProperties, ...shape.properties })) {
    if (key in properties || key in base.relations) continue;
    // Only what this upload uses is added to an existing blueprint.
    if (current && !drafts.some((d) => key in d.properties)) continue;
    properties[key] = p;
    if (current) details.push(`adds property ${key} (${p.type}${p.format ? `, ${p.format}` : ""})`);
  }
  for (const d of drafts) {
    for (const [key, value] of Object.entries(d.properties)) {
      const p = properties[key];
      if (!p?.enum || (typeof value !== "string" && typeof value !== "number") || p.enum.includes(value)) continue;
      if (typeof value !== (p.type === "number" ? "number" : "string")) continue; // a type error, reported by validation
      properties[key] = { ...p, enum: [...p.enum, value] };
      details.push(`adds ${JSON.stringify(value)} to the allowed values of ${key} (document ${d.source.document}, ${d.source.ref})`);
    }
  }
  const relations = { ...base.relations };
  for (const [key, r] of Object.entries(shape.relations)) {
    if (key in relations || key in properties) continue;
    if (current && !drafts.some((d) => d.references.some((ref) => relationFor(id as Target, ref.field, kindBlueprint[ref.kind as keyof typeof kindBlueprint] ?? "") === key))) continue;
    relations[key] = r;
    if (current) details.push(`adds relation ${key} → ${r.target}`);
  }
  const schema: BlueprintSchema = { properties, required: base.schema.required };
  // Everything else of an existing blueprint is kept as it is (its Port calculation and aggregation properties too).
  const computed = current ? { calculationProperties: current.calculationProperties, aggregationProperties: current.aggregationProperties } : {};
  const input = { identifier: id, title: base.title, icon: base.icon ?? undefined, description: base.description ?? undefined, schema, relations, mirrorProperties: base.mirrorProperties, ...computed };
  if (current && !details.length) return { schema: base.schema, input, change: undefined };
  return {
    schema,
    input,
    change: { identifier: id, change: current ? ("update" as const) : ("create" as const), details: current ? details : [`creates blueprint ${id} (${Object.keys(properties).length} properties, ${Object.keys(relations).length} relations)`] },
  };
}

function mergeTeamEntity(report: ImportReport, id: string, changed: boolean) {
  if (!changed) return;
  const at = report.unchanged.findIndex((i) => i.kind === "team" && i.identifier === id);
  if (at >= 0) report.updated.push(...report.unchanged.splice(at, 1));
}

type Membership = { teamId: string; email: string };

/** Groups → teams: title, description, type, profile, and the tree (parent, and children's parent). Answers the members the groups name. */
async function writeGroups(
  ctx: ServiceContext,
  groups: Draft[],
  knownTeams: Set<string>,
  userEmail: Map<string, string>,
  report: ImportReport,
  warn: (s: SourceDoc, pointer: string, message: string) => void,
): Promise<Membership[]> {
  const members: Membership[] = [];
  if (!groups.length) return members;
  const parentOf = new Map<string, { parent: string; source: SourceDoc; pointer: string }>();
  for (const g of groups) {
    for (const r of g.references) {
      const other = identifierOf(r.namespace, r.name);
      if (r.field !== "parent" && r.field !== "children") continue;
      if (!knownTeams.has(other)) {
        warn(g.source, r.pointer, `group:${r.namespace}/${r.name} is neither in this upload nor a team; dropped`);
        continue;
      }
      const [child, parent] = r.field === "parent" ? [g.identifier, other] : [other, g.identifier];
      const known = parentOf.get(child);
      if (known && known.parent !== parent) warn(g.source, r.pointer, `${child} already has parent ${known.parent} (document ${known.source.document}); dropped`);
      else parentOf.set(child, { parent, source: g.source, pointer: r.pointer });
    }
  }
  // A cycle would make ownership roll up forever: its closing edge is dropped.
  for (const [child, { source, pointer }] of parentOf) {
    const seen = new Set([child]);
    for (let at = parentOf.get(child)?.parent; at; at = parentOf.get(at)?.parent) {
      if (seen.has(at)) {
        warn(source, pointer, `the parent of ${child} would make a cycle; dropped`);
        parentOf.delete(child);
        break;
      }
      seen.add(at);
    }
  }

  await audited(ctx, async (tx) => {
    const audit: AuditRecord[] = [];
    const before = new Map((await tx.select().from(teams).where(inArray(teams.id, groups.map((g) => g.identifier)))).map((r) => [r.id, r]));
    for (const g of groups) {
      const p = g.properties;
      const values = {
        id: g.identifier,
        title: g.title ?? g.identifier,
        description: (p.description as string | undefined) ?? null,
        type: (p.type as string | undefined) ?? null,
        email: (p.email as string | undefined) ?? null,
        picture: (p.picture as string | undefined) ?? null,
      };
      const old = before.get(g.identifier);
      if (old && (Object.keys(values) as (keyof typeof values)[]).every((k) => old[k] === values[k])) {
        report.unchanged.push({ kind: "team", identifier: g.identifier, document: g.source.document });
        continue;
      }
      await tx.insert(teams).values(values).onConflictDoUpdate({ target: teams.id, set: { ...values, updatedAt: new Date() } });
      (old ? report.updated : report.created).push({ kind: "team", identifier: g.identifier, document: g.source.document });
      audit.push({ action: old ? "team.update" : "team.create", resourceType: "team", resourceId: g.identifier, before: old, after: values });
    }
    for (const [child, { parent }] of parentOf) {
      const [row] = await tx.select({ parentId: teams.parentId }).from(teams).where(eq(teams.id, child));
      if (!row || row.parentId === parent) continue;
      await tx.update(teams).set({ parentId: parent, updatedAt: new Date() }).where(eq(teams.id, child));
      audit.push({ action: "team.update", resourceType: "team", resourceId: child, before: { parentId: row.parentId }, after: { parentId: parent } });
      const item = report.unchanged.findIndex((i) => i.kind === "team" && i.identifier === child);
      if (item >= 0) report.updated.push(...report.unchanged.splice(item, 1));
    }
    // Members named by the group (Backstage also lists them on the users' memberOf).
    for (const g of groups) {
      for (const r of g.references.filter((x) => x.field === "members")) {
        const email = userEmail.get(`${r.namespace}/${r.name}`);
        if (!email) {
          warn(g.source, r.pointer, `user:${r.namespace}/${r.name} is not in this upload; membership dropped`);
          continue;
        }
        members.push({ teamId: g.identifier, email });
      }
    }
    return { result: undefined, audit };
  });
  return members;
}

/** Users: created by email (name and picture kept up to date), with memberships from `memberOf` and groups' `members`. */
async function writeUsers(
  ctx: ServiceContext,
  people: SourceDoc[],
  fromGroups: Membership[],
  knownTeams: Set<string>,
  report: ImportReport,
  warn: (s: SourceDoc, pointer: string, message: string) => void,
) {
  if (!people.length && !fromGroups.length) return;
  await audited(ctx, async (tx) => {
    const audit: AuditRecord[] = [];
    const idOf = new Map<string, string>();
    for (const s of people) {
      const spec = s.doc.spec ?? {};
      const profile = (spec.profile ?? {}) as { email: string; displayName?: unknown; picture?: unknown };
      const email = profile.email.toLowerCase();
      const name = typeof profile.displayName === "string" ? profile.displayName : s.name;
      const image = typeof profile.picture === "string" ? profile.picture : null;
      for (const key of ["labels", "annotations", "tags", "links"]) {
        if (s.doc.metadata?.[key] !== undefined) warn(s, `/metadata/${key}`, "is not kept: users have no properties in Portico");
      }
      const [old] = await tx.select().from(users).where(eq(users.email, email));
      if (!old) {
        const [created] = await tx.insert(users).values({ email, name, image }).returning();
        audit.push({ action: "user.create", resourceType: "user", resourceId: created!.id, after: { email, name, image } });
        report.created.push({ kind: "user", identifier: email, document: s.document });
        idOf.set(email, created!.id);
      } else {
        idOf.set(email, old.id);
        if (old.name === name && (old.image === image || image === null)) report.unchanged.push({ kind: "user", identifier: email, document: s.document });
        else {
          await tx.update(users).set({ name, image: image ?? old.image, updatedAt: new Date() }).where(eq(users.id, old.id));
          audit.push({ action: "user.update", resourceType: "user", resourceId: old.id, before: { name: old.name, image: old.image }, after: { name, image: image ?? old.image } });
          report.updated.push({ kind: "user", identifier: email, document: s.document });
        }
      }
      stringList(spec.memberOf).forEach((ref, i) => {
        const g = parseRef(ref, "group");
        const teamId = identifierOf(g.namespace, g.name);
        if (g.kind !== "group" || !knownTeams.has(teamId)) warn(s, Array.isArray(spec.memberOf) ? `/spec/memberOf/${i}` : "/spec/memberOf", `group ${ref} is neither in this upload nor a team; membership dropped`);
        else fromGroups.push({ teamId, email });
      });
    }
    const seen = new Set<string>();
    for (const { teamId, email } of fromGroups) {
      if (seen.has(`${teamId} ${email}`)) continue;
      seen.add(`${teamId} ${email}`);
      const userId = idOf.get(email) ?? (await tx.select({ id: users.id }).from(users).where(eq(users.email, email)))[0]?.id;
      if (!userId) continue;
      const [added] = await tx.insert(teamMembers).values({ teamId, userId }).onConflictDoNothing().returning();
      if (added) audit.push({ action: "team.add-member", resourceType: "team", resourceId: teamId, after: { userId, email, source: "manual" } });
    }
    return { result: undefined, audit };
  });
}
