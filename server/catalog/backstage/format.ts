/**
 * Backstage's descriptor format (https://backstage.io/docs/features/software-catalog/descriptor-format):
 * the envelope every kind shares, entity references, and how Backstage names become Portico identifiers.
 */

export type BackstageDoc = {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: Record<string, unknown> & { name?: unknown; namespace?: unknown };
  spec?: Record<string, unknown>;
  [key: string]: unknown;
};

/** One document of an upload: its number across the whole upload (1-based), the file it came from and `kind:namespace/name`. */
export type SourceDoc = { document: number; file?: string; doc: BackstageDoc; kind: string; namespace: string; name: string; ref: string };

/** Something wrong with (or worth knowing about) one document, at a JSON pointer into it. */
export type Problem = {
  severity: "error" | "warning";
  document?: number;
  file?: string;
  /** `kind:namespace/name` of the document, when it has one. */
  ref?: string;
  pointer: string;
  message: string;
};

/** The catalog kinds and the blueprint each lands in. Group → a team (and its `team` entity); User → a user. */
export const kindBlueprint = { component: "service", api: "api", system: "system", domain: "domain", resource: "resource" } as const;
export type CatalogKind = keyof typeof kindBlueprint;
export type Target = (typeof kindBlueprint)[CatalogKind];
export const isCatalogKind = (kind: string): kind is CatalogKind => kind in kindBlueprint;

/** `[kind:][namespace/]name` → its parts, the kind defaulting by context (Backstage's parseEntityRef). */
export function parseRef(ref: string, defaultKind: string): { kind: string; namespace: string; name: string } {
  const m = /^(?:([^:/]+):)?(?:([^/]+)\/)?(.+)$/.exec(ref.trim());
  return { kind: (m?.[1] ?? defaultKind).toLowerCase(), namespace: m?.[2] ?? "default", name: m?.[3] ?? ref };
}

export const refString = (kind: string, namespace: string, name: string) => `${kind.toLowerCase()}:${namespace}/${name}`;

/** Portico identifiers keep Backstage names; a non-default namespace becomes a prefix (and is kept as the `namespace` property). */
export const identifierOf = (namespace: string | undefined, name: string) => (!namespace || namespace === "default" ? name : `${namespace}.${name}`);

export const stringList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : typeof v === "string" ? [v] : []);

/** A JSON-pointer segment (RFC 6901). */
export const pointerSegment = (key: string | number) => String(key).replaceAll("~", "~0").replaceAll("/", "~1");

/** Metadata fields the catalog server generates; an import does not keep them (they would be wrong in another catalog). */
export const generatedMetadata = new Set(["uid", "etag", "generation"]);
