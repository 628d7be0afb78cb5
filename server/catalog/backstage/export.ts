import { asc, eq, inArray } from "drizzle-orm";
import { dump } from "js-yaml";
import { entities, teamMembers, teams, users } from "@/db/schema";
import { requireAdmin, type ServiceContext } from "../../context";
import { kindBlueprint, type Target } from "./format";
import { repositoryFromAnnotations, specFields } from "./mapping";
import { shapes } from "./shapes";

/**
 * The catalog as Backstage YAML (docs/backstage-import.md read backwards): every entity of the
 * blueprints a Backstage import writes, every team as a Group (its tree, profile and members, and its
 * `team` entity's metadata), and the users those name. Importing the result gives the same catalog.
 */

const kindOf = Object.fromEntries(Object.entries(kindBlueprint).map(([kind, bp]) => [bp, kind])) as Record<Target, string>;
const kindName: Record<string, string> = { component: "Component", api: "API", system: "System", domain: "Domain", resource: "Resource" };
/** Relations split by target kind, back to their Backstage field. */
const fieldOf: Record<string, string> = { dependsOnResources: "dependsOn", dependsOnComponents: "dependsOn", dependencyOfResources: "dependencyOf", dependencyOfComponents: "dependencyOf" };

type Row = typeof entities.$inferSelect;
type Doc = { apiVersion: string; kind: string; metadata: Record<string, unknown>; spec: Record<string, unknown> } & Record<string, unknown>;

export async function exportBackstage({ ctx }: { ctx: ServiceContext }): Promise<string> {
  requireAdmin(ctx, "export the catalog");
  const targets = [...Object.values(kindBlueprint), "team"];
  const [rows, teamRows, memberRows] = await Promise.all([
    ctx.db.select().from(entities).where(inArray(entities.blueprint, targets)).orderBy(asc(entities.blueprint), asc(entities.identifier)),
    ctx.db.select().from(teams).orderBy(asc(teams.id)),
    ctx.db.select({ teamId: teamMembers.teamId, email: users.email, name: users.name, image: users.image }).from(teamMembers).innerJoin(users, eq(teamMembers.userId, users.id)),
  ]);
  // Each entity's Backstage name and namespace, so references are written as Backstage wrote them.
  const nameOf = new Map<string, { namespace: string; name: string }>();
  for (const r of rows) nameOf.set(`${r.blueprint}/${r.identifier}`, split(r));
  const ref = (bp: string, id: string) => {
    const n = nameOf.get(`${bp}/${id}`) ?? { namespace: "default", name: id };
    return `${bp === "team" ? "group" : kindOf[bp as Target]}:${n.namespace}/${n.name}`;
  };
  const userName = (email: string) => email.split("@")[0]!.toLowerCase().replace(/[^a-z0-9_.-]/g, "-");

  const docs: Doc[] = [];
  const teamEntities = new Map(rows.filter((r) => r.blueprint === "team").map((r) => [r.identifier, r]));
  const children = new Map<string, string[]>();
  for (const t of teamRows) if (t.parentId) children.set(t.parentId, [...(children.get(t.parentId) ?? []), t.id]);
  for (const t of teamRows) {
    const e = teamEntities.get(t.id);
    const doc = envelope("Group", e ?? { identifier: t.id, title: null, properties: { description: t.description } }, t.title !== t.id ? t.title : undefined);
    doc.spec.type = t.type ?? "team";
    const profile = { ...(t.title !== t.id ? { displayName: t.title } : {}), ...(t.email ? { email: t.email } : {}), ...(t.picture ? { picture: t.picture } : {}) };
    if (Object.keys(profile).length) doc.spec.profile = profile;
    delete doc.metadata.title;
    if (t.parentId) doc.spec.parent = `group:default/${t.parentId}`;
    doc.spec.children = (children.get(t.id) ?? []).map((c) => `group:default/${c}`);
    const members = memberRows.filter((m) => m.teamId === t.id).map((m) => `user:default/${userName(m.email)}`).sort();
    if (members.length) doc.spec.members = members;
    docs.push(doc);
  }
  const people = new Map<string, { email: string; name: string | null; image: string | null }>();
  for (const m of memberRows) people.set(m.email, m);
  // Users who own entities without being in a team are written too, so the owner reads the same again.
  const owners = rows.map((r) => (r.properties as Record<string, unknown>).ownerUser).filter((o): o is string => typeof o === "string" && o.includes("@") && !people.has(o));
  if (owners.length) for (const u of await ctx.db.select({ email: users.email, name: users.name, image: users.image }).from(users).where(inArray(users.email, [...new Set(owners)]))) people.set(u.email, u);
  for (const r of rows) {
    if (r.blueprint === "team") continue;
    const bp = r.blueprint as Target;
    const doc = envelope(kindName[kindOf[bp]]!, r);
    const p = r.properties as Record<string, unknown>;
    for (const field of Object.keys(specFields[kindOf[bp] as keyof typeof specFields])) if (typeof p[field] === "string") doc.spec[field] = p[field];
    if (r.team[0]) doc.spec.owner = `group:default/${r.team[0]}`;
    else if (typeof p.ownerUser === "string") doc.spec.owner = p.ownerUser.includes("@") ? `user:default/${userName(p.ownerUser)}` : p.ownerUser;
    const relations = r.relations as Record<string, string | string[]>;
    for (const [key, def] of Object.entries(shapes[bp].relations)) {
      const value = relations[key];
      if (value === undefined || value === null) continue;
      const field = fieldOf[key] ?? key;
      const refs = (Array.isArray(value) ? value : [value]).map((id) => ref(def.target, id));
      doc.spec[field] = def.many || Array.isArray(doc.spec[field]) ? [...((doc.spec[field] as string[]) ?? []), ...refs] : refs[0];
    }
    docs.push(doc);
  }
  for (const u of [...people.values()].sort((a, b) => a.email.localeCompare(b.email))) {
    docs.push({
      apiVersion: "backstage.io/v1alpha1",
      kind: "User",
      metadata: { name: userName(u.email) },
      spec: { profile: { email: u.email, ...(u.name ? { displayName: u.name } : {}), ...(u.image ? { picture: u.image } : {}) }, memberOf: memberRows.filter((m) => m.email === u.email).map((m) => `group:default/${m.teamId}`).sort() },
    });
  }
  return docs.map((d) => `---\n${dump(d, { lineWidth: -1, noRefs: true })}`).join("");
}

/** Identifier `<namespace>.<name>` with a `namespace` property → its Backstage name and namespace. */
function split(r: Pick<Row, "identifier" | "properties">): { namespace: string; name: string } {
  const ns = (r.properties as Record<string, unknown>).namespace;
  return typeof ns === "string" && r.identifier.startsWith(`${ns}.`) ? { namespace: ns, name: r.identifier.slice(ns.length + 1) } : { namespace: "default", name: r.identifier };
}

/** The metadata every kind shares, and the fields outside the format kept in `backstage`. */
function envelope(kind: string, r: Pick<Row, "identifier" | "title" | "properties">, title?: string): Doc {
  const p = r.properties as Record<string, unknown>;
  const { namespace, name } = split(r);
  const metadata: Record<string, unknown> = { name };
  if (namespace !== "default") metadata.namespace = namespace;
  if (r.title ?? title) metadata.title = r.title ?? title;
  for (const key of ["description", "labels", "annotations", "tags", "links"]) if (p[key] !== undefined && p[key] !== null) metadata[key] = p[key];
  const other = (p.backstage ?? {}) as Record<string, unknown>;
  const { metadata: extraMeta, spec: extraSpec, ...top } = other as { metadata?: Record<string, unknown>; spec?: Record<string, unknown> };
  const doc: Doc = { apiVersion: "backstage.io/v1alpha1", kind, metadata: { ...metadata, ...extraMeta }, spec: { ...extraSpec }, ...top };
  // The repository is re-derived from the project slug on import; one without a slug is written as one.
  if (typeof p.repository === "string" && !repositoryFromAnnotations(p.annotations as Record<string, string> | undefined)) {
    const slug = /^https:\/\/github\.com\/([\w.-]+\/[\w.-]+?)(?:\.git)?\/?$/.exec(p.repository)?.[1];
    if (slug) doc.metadata.annotations = { ...(doc.metadata.annotations as object), "github.com/project-slug": slug };
  }
  return doc;
}
