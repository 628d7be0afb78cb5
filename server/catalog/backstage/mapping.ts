import { isLinkUrl } from "@/components/catalog/link-url";
import { generatedMetadata, identifierOf, kindBlueprint, parseRef, pointerSegment, type CatalogKind, type Problem, type SourceDoc, type Target } from "./format";

/**
 * One Backstage document → the entity it becomes, before references are resolved: properties with
 * the document pointer each came from (so a validation error points into the document), and the
 * references it makes. Every field of the descriptor format has a place; fields outside it are kept
 * in the `backstage` property; only what the catalog server generates (uid, etag, relations, status)
 * is left out.
 */

export type Reference = { field: string; kind: string; namespace: string; name: string; pointer: string };
export type Draft = {
  source: SourceDoc;
  blueprint: Target | "team";
  identifier: string;
  title: string | null;
  properties: Record<string, unknown>;
  /** Property → the document pointer it came from. */
  pointers: Record<string, string>;
  owner?: Reference;
  references: Reference[];
};

/** Spec fields of each kind in Backstage's descriptor format, with the default kind of reference fields (null: not a reference). */
export const specFields: Record<CatalogKind | "group" | "user", Record<string, string | null>> = {
  component: { type: null, lifecycle: null, owner: "group", system: "system", subcomponentOf: "component", providesApis: "api", consumesApis: "api", dependsOn: "component", dependencyOf: "component" },
  api: { type: null, lifecycle: null, owner: "group", system: "system", definition: null },
  resource: { type: null, owner: "group", system: "system", dependsOn: "resource", dependencyOf: "resource" },
  system: { type: null, owner: "group", domain: "domain" },
  domain: { type: null, owner: "group", subdomainOf: "domain" },
  group: { type: null, profile: null, parent: "group", children: "group", members: "user" },
  user: { profile: null, memberOf: "group" },
};
const envelope = new Set(["apiVersion", "kind", "metadata", "spec", "relations", "status"]);
const metadataFields = new Set(["name", "namespace", "title", "description", "labels", "annotations", "tags", "links"]);

const isStringMap = (v: unknown): v is Record<string, string> => !!v && typeof v === "object" && !Array.isArray(v) && Object.values(v).every((x) => typeof x === "string");

/** `github.com/project-slug` (or a GitHub `backstage.io/source-location`) → the repository URL. */
export function repositoryFromAnnotations(annotations: Record<string, string> | undefined): string | undefined {
  const slug = annotations?.["github.com/project-slug"];
  if (slug && /^[\w.-]+\/[\w.-]+$/.test(slug)) return `https://github.com/${slug}`;
  const location = /^url:(https:\/\/github\.com\/[\w.-]+\/[\w.-]+?)(?:\.git)?(?:\/(?:tree|blob)\/.*)?\/?$/.exec(annotations?.["backstage.io/source-location"] ?? "");
  return location?.[1];
}

export function toDraft(source: SourceDoc, problems: Problem[]): Draft {
  const { doc, kind } = source;
  const at = { document: source.document, file: source.file, ref: source.ref };
  const error = (pointer: string, message: string) => problems.push({ severity: "error", ...at, pointer, message });
  const meta = (doc.metadata ?? {}) as Record<string, unknown>;
  const spec = (doc.spec && typeof doc.spec === "object" ? doc.spec : {}) as Record<string, unknown>;
  const blueprint = kind === "group" ? "team" : kindBlueprint[kind as CatalogKind];
  const draft: Draft = { source, blueprint, identifier: identifierOf(source.namespace, source.name), title: null, properties: {}, pointers: {}, references: [] };
  const set = (property: string, value: unknown, pointer: string) => {
    draft.properties[property] = value;
    draft.pointers[property] = pointer;
  };

  if (typeof meta.title === "string") draft.title = meta.title;
  else if (meta.title !== undefined) error("/metadata/title", "must be a string");
  if (typeof meta.description === "string") set("description", meta.description, "/metadata/description");
  else if (meta.description !== undefined) error("/metadata/description", "must be a string");
  if (source.namespace !== "default") set("namespace", source.namespace, "/metadata/namespace");
  if (meta.tags !== undefined) {
    if (Array.isArray(meta.tags) && meta.tags.every((t) => typeof t === "string")) {
      if (meta.tags.length) set("tags", meta.tags, "/metadata/tags");
    } else error("/metadata/tags", "must be a list of strings");
  }
  for (const key of ["labels", "annotations"] as const) {
    if (meta[key] === undefined) continue;
    if (isStringMap(meta[key])) {
      if (Object.keys(meta[key]).length) set(key, meta[key], `/metadata/${key}`);
    } else error(`/metadata/${key}`, "must map names to strings");
  }
  if (meta.links !== undefined) {
    if (!Array.isArray(meta.links)) error("/metadata/links", "must be a list of links");
    else {
      const links: Record<string, string>[] = [];
      meta.links.forEach((l: unknown, i) => {
        const link = (l ?? {}) as Record<string, unknown>;
        if (typeof link.url !== "string" || !isLinkUrl(link.url)) return error(`/metadata/links/${i}/url`, "must be an http(s) or mailto: URL");
        const kept: Record<string, string> = { url: link.url };
        for (const k of ["title", "icon", "type"]) if (typeof link[k] === "string") kept[k] = link[k] as string;
        links.push(kept);
      });
      if (links.length) set("links", links, "/metadata/links");
    }
  }
  if (blueprint !== "team") {
    const repository = repositoryFromAnnotations(draft.properties.annotations as Record<string, string> | undefined);
    if (repository) set("repository", repository, "/metadata/annotations/github.com~1project-slug");
  }

  // Spec: plain values become properties, references are resolved by the caller.
  const fields = specFields[kind as CatalogKind | "group"];
  for (const [field, defaultKind] of Object.entries(fields)) {
    const value = spec[field];
    if (value === undefined || value === null) continue;
    const pointer = `/spec/${field}`;
    if (defaultKind === null) {
      if (field === "profile") {
        const profile = value as Record<string, unknown>;
        if (typeof profile.displayName === "string") draft.title = profile.displayName;
        for (const k of ["email", "picture"]) if (typeof profile[k] === "string") set(k, profile[k], `${pointer}/${k}`);
      } else if (field === "definition") {
        // $json / $yaml substitutions give a structure; Portico stores the definition as text.
        set("definition", typeof value === "string" ? value : JSON.stringify(value, null, 2), pointer);
      } else if (typeof value === "string") set(field, value, pointer);
      else error(pointer, "must be a string");
      continue;
    }
    const refs = Array.isArray(value) ? value : [value];
    refs.forEach((r, i) => {
      const p = Array.isArray(value) ? `${pointer}/${i}` : pointer;
      if (typeof r !== "string" || !r.trim()) return error(p, "must be an entity reference such as kind:namespace/name");
      const parsed = parseRef(r, defaultKind);
      const reference = { field, ...parsed, pointer: p };
      if (field === "owner") draft.owner = reference;
      else draft.references.push(reference);
    });
  }

  // Fields outside the descriptor format are kept as they were.
  const other: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (!envelope.has(k)) other[k] = v;
  const otherMeta = Object.fromEntries(Object.entries(meta).filter(([k]) => !metadataFields.has(k) && !generatedMetadata.has(k)));
  const otherSpec = Object.fromEntries(Object.entries(spec).filter(([k]) => !(k in fields)));
  if (Object.keys(otherMeta).length) other.metadata = otherMeta;
  if (Object.keys(otherSpec).length) other.spec = otherSpec;
  if (Object.keys(other).length) set("backstage", other, "");
  return draft;
}

/** The document pointer of an entity validation error's path (`/properties/<p>…` or `/relations/<r>`). */
export function documentPointer(draft: Draft, entityPath: string): string {
  const m = /^\/properties\/([^/]+)(.*)$/.exec(entityPath);
  if (m && draft.pointers[m[1]!] !== undefined) {
    const base = draft.pointers[m[1]!]!;
    // Links are filtered while mapped, so an index into the kept list is not one into the document.
    return m[1] === "links" ? base : `${base}${m[2]}`;
  }
  if (m) {
    // A property the document does not have (a required one): where the format would put it.
    const property = m[1]!;
    if (property in (specFields[draft.source.kind as CatalogKind] ?? {})) return `/spec/${property}`;
    if (metadataFields.has(property)) return `/metadata/${property}`;
  }
  return entityPath.startsWith("/relations/") ? `/spec/${pointerSegment(entityPath.slice("/relations/".length))}` : entityPath;
}
