import { entityHref } from "@/components/catalog/entity-link";

/** A docs page's address in Portico: its path in the docs folder without the `.md`. */
export function docsPageHref(blueprint: string, identifier: string, page?: string) {
  const base = `${entityHref(blueprint, identifier)}/docs`;
  if (!page) return base;
  return `${base}/${page.replace(/\.(md|markdown)$/i, "").split("/").map(encodeURIComponent).join("/")}`;
}

/** An image of the docs, served through Portico (docs.asset). */
export const docsAssetHref = (blueprint: string, identifier: string, path: string) =>
  `/api/docs/${encodeURIComponent(blueprint)}/${encodeURIComponent(identifier)}/asset?path=${encodeURIComponent(path)}`;
