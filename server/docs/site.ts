import YAML from "yaml";
import type { DocNavItem } from "@/db/schema/docs";
import { normalisePath } from "./location";

/**
 * A docs site as MkDocs describes it, read without MkDocs: `mkdocs.yml`'s `site_name`, `docs_dir` and
 * `nav` (its Python tags such as `!!python/name:` and `!ENV` are read as plain values, not refused), and
 * the navigation derived from the folders when there is no `nav`.
 */
export type MkdocsConfig = { siteName?: string; docsDir: string; nav?: unknown[] };

export const isPagePath = (path: string) => /\.(md|markdown)$/i.test(path);

export function parseMkdocs(text: string): MkdocsConfig {
  const doc = YAML.parseDocument(text, { logLevel: "silent" });
  if (doc.errors.length) throw new Error(`mkdocs.yml is not valid YAML: ${doc.errors[0]!.message.split("\n")[0]}`);
  const value = doc.toJS() as unknown;
  const config = value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const docsDir = typeof config.docs_dir === "string" ? normalisePath(config.docs_dir) : "docs";
  if (docsDir === undefined) throw new Error("mkdocs.yml's docs_dir climbs out of the repository");
  return {
    siteName: typeof config.site_name === "string" ? config.site_name : undefined,
    docsDir,
    nav: Array.isArray(config.nav) ? config.nav : undefined,
  };
}

/** A page's title: its first level-one heading (ATX or setext), else its file name. */
export function pageTitle(markdown: string, path: string): string {
  const body = markdown.replace(/^---\n[\s\S]*?\n---\n/, "");
  const atx = /^#[ \t]+(.+?)[ \t#]*$/m.exec(body);
  const setext = /^(\S.*)\n=+[ \t]*$/m.exec(body);
  const heading = [atx, setext].filter((m): m is RegExpExecArray => Boolean(m)).sort((a, b) => a.index - b.index)[0];
  if (heading) return heading[1]!.replace(/[*_`]/g, "").trim();
  const name = path.split("/").pop()!.replace(/\.(md|markdown)$/i, "");
  return name === "index" || name === "README" ? "Home" : name.replace(/[-_]+/g, " ").replace(/^\w/, (c) => c.toUpperCase());
}

/**
 * mkdocs.yml's `nav`: each entry is a page path (titled by the page), `{Title: path}`, `{Title: URL}`
 * or `{Title: [entries]}` (a section). Paths name pages in the docs folder; one that is not there is left out.
 */
export function navFromMkdocs(nav: unknown[], titles: Map<string, string>): DocNavItem[] {
  const item = (entry: unknown): DocNavItem | undefined => {
    if (typeof entry === "string") {
      const page = normalisePath(entry);
      return page !== undefined && titles.has(page) ? { title: titles.get(page)!, page } : undefined;
    }
    if (!entry || typeof entry !== "object" || Array.isArray(entry)) return undefined;
    const [title, target] = Object.entries(entry as Record<string, unknown>)[0] ?? [];
    if (title === undefined) return undefined;
    if (Array.isArray(target)) {
      const children = target.map(item).filter((c): c is DocNavItem => Boolean(c));
      return children.length ? { title, children } : undefined;
    }
    if (typeof target !== "string") return undefined;
    if (/^https?:\/\//i.test(target)) return { title, url: target };
    const page = normalisePath(target);
    return page !== undefined && titles.has(page) ? { title, page } : undefined;
  };
  return nav.map(item).filter((c): c is DocNavItem => Boolean(c));
}

/** Without a `nav`: `index.md` (or `README.md`) first, then pages by path, each folder a section. */
export function navFromFolders(titles: Map<string, string>): DocNavItem[] {
  const root: DocNavItem[] = [];
  const rank = (path: string) => (/(^|\/)(index|README)\.(md|markdown)$/i.test(path) ? 0 : 1);
  const paths = [...titles.keys()].sort((a, b) => a.split("/").length - b.split("/").length || rank(a) - rank(b) || a.localeCompare(b));
  for (const page of paths) {
    let level = root;
    const folders = page.split("/").slice(0, -1);
    for (const folder of folders) {
      const title = folder.replace(/[-_]+/g, " ").replace(/^\w/, (c) => c.toUpperCase());
      let section = level.find((i) => i.children && i.title === title);
      if (!section) level.push((section = { title, children: [] }));
      level = section.children!;
    }
    level.push({ title: titles.get(page)!, page });
  }
  return root;
}

/** The page a docs site opens on: `index.md`, `README.md`, else the navigation's first page. */
export function homePage(nav: DocNavItem[], pages: string[]): string | undefined {
  for (const name of ["index.md", "README.md", "index.markdown"]) if (pages.includes(name)) return name;
  const first = (items: DocNavItem[]): string | undefined => {
    for (const i of items) {
      const found = i.page ?? (i.children ? first(i.children) : undefined);
      if (found) return found;
    }
    return undefined;
  };
  return first(nav) ?? pages.sort()[0];
}

/** An image the docs may show, by extension; other files of the docs folder are not read. */
export const assetTypes: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  svg: "image/svg+xml",
};
export const assetType = (path: string) => assetTypes[path.split(".").pop()!.toLowerCase()];
