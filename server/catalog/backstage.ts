import { eq, inArray } from "drizzle-orm";
import { parseAllDocuments } from "yaml";
import { blueprints, entities, teamMembers, teams, users } from "@/db/schema";
import type { BlueprintRelation, BlueprintSchema } from "@/db/schema/catalog";
import { audited, type AuditRecord } from "../audit/audited";
import { isAdmin, type ServiceContext } from "../context";
import { forbidden, invalid } from "../errors";
import { putBlueprint, toBlueprintJson } from "./blueprints";
import { upsertEntities } from "./entities";
import { isLinkUrl } from "@/components/catalog/link-url";

/**
 * Backstage `catalog-info.yaml` import. Kinds map to blueprints (Component → service, API → api,
 * System → system, Domain → domain, Resource → resource, Group → team, User → a Portico user with
 * memberships); relations owner, system, domain, dependsOn, providesApis, consumesApis, memberOf.
 * Re-importing updates instead of duplicating. References that resolve to nothing are dropped and
 * reported, so one dangling reference does not block the rest.
 */

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

type Doc = {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; title?: string; description?: string; tags?: string[]; links?: { url: string; title?: string }[] };
  spec?: Record<string, unknown>;
};

type Target = "service" | "api" | "system" | "domain" | "resource";
const kindBlueprint: Record<string, Target> = { component: "service", api: "api", system: "system", domain: "domain", resource: "resource" };
const order: Target[] = ["domain", "system", "resource", "api", "service"];

/** What the import needs of each blueprint; missing blueprints are created, missing pieces added. */
const requiredShape: Record<Target, { title: string; properties: BlueprintSchema["properties"]; relations: Record<string, BlueprintRelation> }> = {
  domain: { title: "Domain", properties: {}, relations: {} },
  system: { title: "System", properties: {}, relations: { domain: { title: "Domain", target: "domain", many: false, required: false } } },
  resource: {
    title: "Resource",
    properties: { type: { type: "string", title: "Type" } },
    relations: {
      system: { title: "System", target: "system", many: false, required: false },
      dependsOn: { title: "Depends on", target: "resource", many: true, required: false },
    },
  },
  api: {
    title: "API",
    properties: { type: { type: "string", title: "Type" }, lifecycle: { type: "string", title: "Lifecycle" } },
    relations: { system: { title: "System", target: "system", many: false, required: false } },
  },
  service: {
    title: "Service",
    properties: { type: { type: "string", title: "Type" }, lifecycle: { type: "string", title: "Lifecycle" } },
    relations: {
      system: { title: "System", target: "system", many: false, required: false },
      dependsOn: { title: "Depends on", target: "service", many: true, required: false },
      dependsOnResources: { title: "Depends on resources", target: "resource", many: true, required: false },
      providesApis: { title: "Provides APIs", target: "api", many: true, required: false },
      consumesApis: { title: "Consumes APIs", target: "api", many: true, required: false },
    },
  },
};
const common: BlueprintSchema["properties"] = {
  description: { type: "string", title: "Description" },
  repository: { type: "string", title: "Repository", format: "url" },
  orphaned: { type: "boolean", title: "Orphaned", description: "Its repository no longer exists" },
  tags: { type: "array", title: "Tags", items: { type: "string" } },
  links: { type: "array", title: "Links", items: { type: "object", properties: { url: { type: "string", format: "url" } }, required: ["url"] } },
};

export type ImportReport = {
  created: { kind: string; identifier: string }[];
  updated: { kind: string; identifier: string }[];
  unchanged: { kind: string; identifier: string }[];
  skipped: { document: number; kind?: string; name?: string; reason: string }[];
  warnings: string[];
};

/** `[kind:][namespace/]name` → its parts, the kind defaulting by context. */
export function parseRef(ref: string, defaultKind: string): { kind: string; namespace: string; name: string } {
  const m = /^(?:([^:/]+):)?(?:([^/]+)\/)?(.+)$/.exec(ref.trim());
  return { kind: (m?.[1] ?? defaultKind).toLowerCase(), namespace: m?.[2] ?? "default", name: m?.[3] ?? ref };
}

/** Portico identifiers keep Backstage names; a non-default namespace becomes a prefix. */
const identifierOf = (namespace: string | undefined, name: string) => (!namespace || namespace === "default" ? name : `${namespace}.${name}`);

const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : typeof v === "string" ? [v] : []);

export async function importBackstage({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  /** `source`: the repository the file came from (GitHub discovery); recorded on every entity. */
  input: { yaml: string; source?: { repository: string } };
}): Promise<ImportReport> {
  if (!isAdmin(ctx.actor)) throw forbidden("Only admins can import into the catalog");
  const report: ImportReport = { created: [], updated: [], unchanged: [], skipped: [], warnings: [] };

  const docs = parseAllDocuments(input.yaml);
  const parsed: { index: number; doc: Doc }[] = [];
  docs.forEach((d, index) => {
    if (d.errors.length) {
      report.skipped.push({ document: index, reason: `YAML error: ${d.errors[0]!.message.split("\n")[0]}` });
      return;
    }
    const doc = d.toJS() as Doc | null;
    if (!doc) return; // an empty document between separators
    if (typeof doc !== "object" || !doc.kind || !doc.metadata?.name) {
      report.skipped.push({ document: index, kind: doc?.kind, reason: "needs kind and metadata.name" });
      return;
    }
    parsed.push({ index, doc });
  });
  if (parsed.length === 0 && report.skipped.length === 0) throw invalid("No Backstage entities found", [{ path: "", message: "is empty" }]);

  return ctx.db.transaction(async (tx) => {
    const t: ServiceContext = { ...ctx, db: tx };
    const groups = parsed.filter((p) => p.doc.kind!.toLowerCase() === "group");
    const people = parsed.filter((p) => p.doc.kind!.toLowerCase() === "user");
    const catalog = parsed.filter((p) => p.doc.kind!.toLowerCase() in kindBlueprint);
    for (const p of parsed) {
      const kind = p.doc.kind!.toLowerCase();
      if (!(kind in kindBlueprint) && kind !== "group" && kind !== "user") {
        report.skipped.push({ document: p.index, kind: p.doc.kind, name: p.doc.metadata?.name, reason: `kind ${p.doc.kind} is not imported` });
      }
    }

    await importGroups(t, groups, report);
    const knownTeams = new Set((await tx.select({ id: teams.id }).from(teams)).map((r) => r.id));

    // Blueprints first, so every entity below has somewhere to go.
    // The blueprints this file needs, plus those their relations point at.
    const needed = new Set(catalog.map((p) => kindBlueprint[p.doc.kind!.toLowerCase()]!));
    for (const bp of needed) for (const r of Object.values(requiredShape[bp].relations)) needed.add(r.target as Target);
    for (const bp of order) if (needed.has(bp)) await ensureBlueprint(t, bp);

    // Every entity the file defines, so references between them resolve even before they are written.
    const defined = new Set(catalog.map((p) => `${kindBlueprint[p.doc.kind!.toLowerCase()]}/${identifierOf(p.doc.metadata!.namespace, p.doc.metadata!.name!)}`));
    const refs = catalog.flatMap((p) => referencesOf(p.doc).map((r) => `${r.blueprint}/${r.identifier}`)).filter((r) => !defined.has(r));
    const existing = new Set<string>();
    if (refs.length) {
      const ids = [...new Set(refs.map((r) => r.slice(r.indexOf("/") + 1)))];
      for (const row of await tx.select({ b: entities.blueprint, i: entities.identifier }).from(entities).where(inArray(entities.identifier, ids))) {
        existing.add(`${row.b}/${row.i}`);
      }
    }
    const resolves = (blueprint: string, identifier: string) => defined.has(`${blueprint}/${identifier}`) || existing.has(`${blueprint}/${identifier}`);

    for (const bp of order) {
      const items = catalog.filter((p) => kindBlueprint[p.doc.kind!.toLowerCase()] === bp);
      if (!items.length) continue;
      const payload = items.map(({ doc }) => toEntity(doc, bp, resolves, knownTeams, report));
      if (input.source) for (const p of payload) Object.assign(p.properties, { repository: input.source.repository, orphaned: false });
      for (let i = 0; i < payload.length; i += 1000) {
        const written = await upsertEntities({ ctx: t, input: { blueprint: bp, entities: payload.slice(i, i + 1000), mode: "upsert", bulk: true } });
        for (const w of written) (w.unchanged ? report.unchanged : w.created ? report.created : report.updated).push({ kind: bp, identifier: w.entity.identifier });
      }
    }

    await importUsers(t, people, report);
    report.skipped.sort((a, b) => a.document - b.document);
    return report;
  });
}

function referencesOf(doc: Doc): { relation: string; blueprint: string; identifier: string }[] {
  const spec = doc.spec ?? {};
  const out: { relation: string; blueprint: string; identifier: string }[] = [];
  const add = (relation: string, refs: string[], defaultKind: string) => {
    for (const r of refs) {
      const ref = parseRef(r, defaultKind);
      const blueprint = kindBlueprint[ref.kind];
      if (blueprint) out.push({ relation, blueprint, identifier: identifierOf(ref.namespace, ref.name) });
    }
  };
  add("system", list(spec.system), "system");
  add("domain", list(spec.domain), "domain");
  add("dependsOn", list(spec.dependsOn), "component");
  add("providesApis", list(spec.providesApis), "api");
  add("consumesApis", list(spec.consumesApis), "api");
  return out;
}

type EntityPayload = { identifier: string; title: string | null; team: string[]; properties: Record<string, unknown>; relations: Record<string, string | string[]> };

function toEntity(
  doc: Doc,
  bp: Target,
  resolves: (blueprint: string, identifier: string) => boolean,
  knownTeams: Set<string>,
  report: ImportReport,
): EntityPayload {
  const meta = doc.metadata!;
  const spec = doc.spec ?? {};
  const identifier = identifierOf(meta.namespace, meta.name!);
  const properties: Record<string, unknown> = {};
  if (meta.description) properties.description = meta.description;
  if (meta.tags?.length) properties.tags = meta.tags;
  if (meta.links?.length) {
    const links = meta.links.filter((l) => typeof l?.url === "string" && isLinkUrl(l.url));
    if (links.length < meta.links.length) report.warnings.push(`${doc.kind} ${identifier}: links that are not http(s) or mailto: URLs dropped`);
    if (links.length) properties.links = links.map((l) => ({ url: l.url, title: l.title }));
  }
  if (typeof spec.type === "string" && "type" in requiredShape[bp].properties) properties.type = spec.type;
  if (typeof spec.lifecycle === "string" && "lifecycle" in requiredShape[bp].properties) properties.lifecycle = spec.lifecycle;

  const relations: Record<string, string | string[]> = {};
  for (const ref of referencesOf(doc)) {
    // A Component's dependency on a Resource lands in its own relation (relations have one target).
    const relation = ref.relation === "dependsOn" && bp === "service" && ref.blueprint === "resource" ? "dependsOnResources" : ref.relation;
    const def = requiredShape[bp].relations[relation];
    if (!def || def.target !== ref.blueprint) {
      report.warnings.push(`${doc.kind} ${identifier}: ${ref.relation} → ${ref.blueprint} ${ref.identifier} has no matching relation; dropped`);
      continue;
    }
    if (!resolves(ref.blueprint, ref.identifier)) {
      report.warnings.push(`${doc.kind} ${identifier}: ${ref.relation} → ${ref.blueprint} ${ref.identifier} does not exist; dropped`);
      continue;
    }
    if (def.many) relations[relation] = [...((relations[relation] as string[]) ?? []), ref.identifier];
    else relations[relation] = ref.identifier;
  }

  const team: string[] = [];
  if (typeof spec.owner === "string") {
    const owner = parseRef(spec.owner, "group");
    const id = identifierOf(owner.namespace, owner.name);
    if (owner.kind === "group" && knownTeams.has(id)) team.push(id);
    else report.warnings.push(`${doc.kind} ${identifier}: owner ${spec.owner} is not a known group; left without owner`);
  }
  return { identifier, title: meta.title ?? null, team, properties, relations };
}

/** Creates the blueprint or adds the properties and relations the import needs (existing ones are left as they are). */
async function ensureBlueprint(ctx: ServiceContext, id: Target) {
  const shape = requiredShape[id];
  const [current] = await ctx.db.select().from(blueprints).where(eq(blueprints.identifier, id));
  const base = current ? toBlueprintJson(current) : { identifier: id, title: shape.title, schema: { properties: {}, required: [] }, relations: {}, mirrorProperties: {} };
  const properties = { ...common, ...shape.properties, ...base.schema.properties };
  const relations = { ...shape.relations, ...base.relations };
  if (current && Object.keys(properties).length === Object.keys(base.schema.properties).length && Object.keys(relations).length === Object.keys(base.relations).length) return;
  await putBlueprint({
    ctx,
    input: {
      identifier: id,
      title: base.title,
      icon: "icon" in base ? base.icon : undefined,
      description: "description" in base ? base.description : undefined,
      schema: { properties, required: base.schema.required },
      relations,
      mirrorProperties: base.mirrorProperties,
    },
  });
}

async function importGroups(ctx: ServiceContext, groups: { index: number; doc: Doc }[], report: ImportReport) {
  if (!groups.length) return;
  await audited(ctx, async (tx) => {
    const audit: AuditRecord[] = [];
    for (const { doc } of groups) {
      const id = identifierOf(doc.metadata!.namespace, doc.metadata!.name!);
      const profile = (doc.spec?.profile ?? {}) as { displayName?: string };
      const values = { id, title: profile.displayName ?? doc.metadata!.title ?? id, description: doc.metadata!.description ?? null };
      const [before] = await tx.select().from(teams).where(eq(teams.id, id));
      if (before && before.title === values.title && before.description === values.description) {
        report.unchanged.push({ kind: "team", identifier: id });
        continue;
      }
      await tx.insert(teams).values(values).onConflictDoUpdate({ target: teams.id, set: { title: values.title, description: values.description, updatedAt: new Date() } });
      (before ? report.updated : report.created).push({ kind: "team", identifier: id });
      audit.push({ action: before ? "team.update" : "team.create", resourceType: "team", resourceId: id, before: before ?? undefined, after: values });
    }
    return { result: undefined, audit };
  });
}

async function importUsers(ctx: ServiceContext, people: { index: number; doc: Doc }[], report: ImportReport) {
  if (!people.length) return;
  const knownTeams = new Set((await ctx.db.select({ id: teams.id }).from(teams)).map((r) => r.id));
  await audited(ctx, async (tx) => {
    const audit: AuditRecord[] = [];
    for (const { index, doc } of people) {
      const profile = (doc.spec?.profile ?? {}) as { email?: string; displayName?: string };
      if (!profile.email || !profile.email.includes("@")) {
        report.skipped.push({ document: index, kind: "User", name: doc.metadata!.name, reason: "needs spec.profile.email" });
        continue;
      }
      const email = profile.email.toLowerCase();
      const [created] = await tx.insert(users).values({ email, name: profile.displayName ?? doc.metadata!.name }).onConflictDoNothing().returning();
      const [user] = await tx.select().from(users).where(eq(users.email, email));
      if (created) {
        audit.push({ action: "user.create", resourceType: "user", resourceId: created.id, after: { email, name: created.name } });
        report.created.push({ kind: "user", identifier: email });
      } else report.unchanged.push({ kind: "user", identifier: email });
      for (const ref of list(doc.spec?.memberOf)) {
        const g = parseRef(ref, "group");
        const teamId = identifierOf(g.namespace, g.name);
        if (!knownTeams.has(teamId)) {
          report.warnings.push(`User ${email}: memberOf ${ref} is not a known group; dropped`);
          continue;
        }
        const [added] = await tx.insert(teamMembers).values({ teamId, userId: user!.id }).onConflictDoNothing().returning();
        if (added) audit.push({ action: "team.add-member", resourceType: "team", resourceId: teamId, after: { userId: user!.id, email, source: "manual" } });
      }
    }
    return { result: undefined, audit };
  });
}
