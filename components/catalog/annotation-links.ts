import { isLinkUrl } from "./link-url";

/**
 * Links an entity's Backstage annotations stand for (docs/backstage-import.md, "Annotations Portico
 * acts on"), shown beside its own links: TechDocs (`backstage.io/techdocs-ref`: `url:<url>`, or
 * `dir:<path>` in its repository) and the source location (`backstage.io/source-location`).
 */
export function annotationLinks(properties: Record<string, unknown>): { url: string; title: string }[] {
  const annotations = properties.annotations && typeof properties.annotations === "object" ? (properties.annotations as Record<string, unknown>) : {};
  const repository = typeof properties.repository === "string" && isLinkUrl(properties.repository) ? properties.repository.replace(/\/$/, "") : undefined;
  const links: { url: string; title: string }[] = [];
  const docs = annotations["backstage.io/techdocs-ref"];
  if (typeof docs === "string") {
    const url = docs.startsWith("url:") ? docs.slice(4) : docs.startsWith("dir:") && repository ? `${repository}/tree/HEAD/${docs.slice(4).replace(/^\.\/?/, "")}` : undefined;
    if (url && isLinkUrl(url)) links.push({ url: url.replace(/\/$/, ""), title: "Docs (TechDocs)" });
  }
  const source = annotations["backstage.io/source-location"];
  if (typeof source === "string" && source.startsWith("url:") && isLinkUrl(source.slice(4))) links.push({ url: source.slice(4), title: "Source" });
  return links;
}
