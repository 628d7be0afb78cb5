// No "server-only" marker: the entity tabs (rendered on the server, but imported by pages) ask whether an entity has docs.
import { repositoryOf } from "../delivery/repository";

/**
 * Where an entity's docs are: a GitHub repository (`owner/name`), a ref (undefined: the default branch)
 * and the folder holding `mkdocs.yml` and/or the `docs/` folder (`""` is the repository's root).
 *
 * `backstage.io/techdocs-ref` is honoured as Backstage writes it: `dir:<path>` is relative to the
 * entity's `catalog-info.yaml`, which Portico reads at the repository's root; `url:<GitHub tree URL>`
 * names the repository, ref and folder itself. Without the annotation, the entity's repository is read
 * at its root (the `docs/` convention).
 */
export type DocsLocation = { repository: string; ref?: string; folder: string };

const githubTreeUrl = /^https?:\/\/(?:www\.)?github\.com\/([\w.-]+)\/([\w.-]+?)(?:\.git)?(?:\/tree\/([^/]+)(?:\/(.*?))?)?\/?$/;

/** `a/./b/../c/` → `a/c`; undefined when the path climbs out of the repository. */
export function normalisePath(path: string): string | undefined {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (!parts.length) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join("/");
}

export function docsLocation(properties: Record<string, unknown>): DocsLocation | undefined {
  const annotations = properties.annotations && typeof properties.annotations === "object" ? (properties.annotations as Record<string, unknown>) : {};
  const ref = annotations["backstage.io/techdocs-ref"];
  if (typeof ref === "string" && ref.startsWith("url:")) {
    const m = githubTreeUrl.exec(ref.slice(4).trim());
    if (!m) return undefined;
    const folder = normalisePath(decodeURIComponent(m[4] ?? ""));
    return folder === undefined ? undefined : { repository: `${m[1]}/${m[2]}`, ref: m[3], folder };
  }
  const repository = repositoryOf(properties);
  if (!repository) return undefined;
  if (typeof ref === "string" && ref.startsWith("dir:")) {
    const folder = normalisePath(ref.slice(4).trim());
    return folder === undefined ? undefined : { repository, folder };
  }
  return { repository, folder: "" };
}

/** Whether the entity's page offers a Docs tab: it names a repository to read them from. */
export const hasDocs = (properties: Record<string, unknown>) => Boolean(docsLocation(properties));
