import type { MarkdownLinks } from "@/components/ui/markdown";
import { normalisePath } from "@/server/docs/location";
import { assetType, isPagePath } from "@/server/docs/site";
import { docsAssetHref, docsPageHref } from "./docs-href";


/**
 * How a docs page's own links and images are reached. Relative to the page, as MkDocs reads them: a link to
 * another page opens it in Portico, an image comes through Portico (the repository may be private), and a
 * link to any other file of the repository opens it on GitHub. Absolute URLs stay as they are.
 */
export function docsLinks(p: { blueprint: string; identifier: string; page: string; pages: string[]; repository: string | null; ref: string | null; folder: string | null }): MarkdownLinks {
  const resolve = (url: string) => {
    if (/^[a-z][a-z0-9+.-]*:|^\/\/|^#|^\//i.test(url)) return undefined;
    const [path = "", hash = ""] = url.split(/(?=#)/);
    const dir = p.page.split("/").slice(0, -1).join("/");
    let decoded: string;
    try {
      decoded = decodeURIComponent(path.split("?")[0]!);
    } catch {
      return undefined;
    }
    const target = normalisePath(dir ? `${dir}/${decoded}` : decoded);
    return { target, hash };
  };
  const onGitHub = (target: string | undefined, fromRoot: string) =>
    p.repository && p.ref ? `https://github.com/${p.repository}/blob/${encodeURIComponent(p.ref)}/${target === undefined ? fromRoot : [p.folder, target].filter(Boolean).join("/")}` : "";
  return {
    link(url) {
      const r = resolve(url);
      if (!r) return url;
      const { target, hash } = r;
      if (target !== undefined) {
        const page = [target, `${target}/index.md`, `${target}/README.md`, `${target}.md`].find((c) => p.pages.includes(c) && (isPagePath(c) || c === target));
        if (page) return `${docsPageHref(p.blueprint, p.identifier, page)}${hash}`;
        if (target === "" && hash) return hash;
        if (assetType(target)) return docsAssetHref(p.blueprint, p.identifier, target);
      }
      // Outside the docs folder (`../src/main.go`) or not a page: the file on GitHub.
      const fromRoot = normalisePath([p.folder, p.page.split("/").slice(0, -1).join("/"), url.split("#")[0]].filter(Boolean).join("/")) ?? "";
      return onGitHub(target, fromRoot);
    },
    image(url) {
      const r = resolve(url);
      if (!r) return url;
      return r.target ? docsAssetHref(p.blueprint, p.identifier, r.target) : "";
    },
  };
}
