// No "server-only" marker: pages ask it too (whether an entity has a repository to read docs from).

/**
 * A service's GitHub repository as `owner/name`: a `github.com/project-slug` property (Backstage's
 * annotation) or `projectSlug`, else a `repository` URL on github.com.
 */
export function repositoryOf(properties: Record<string, unknown>): string | undefined {
  const annotations = properties.annotations && typeof properties.annotations === "object" ? (properties.annotations as Record<string, unknown>) : {};
  for (const v of [annotations["github.com/project-slug"], properties["github.com/project-slug"], properties.projectSlug, properties["project-slug"]]) {
    if (typeof v === "string" && /^[\w.-]+\/[\w.-]+$/.test(v)) return v;
  }
  const url = properties.repository ?? properties.repo;
  if (typeof url === "string") {
    const m = /^(?:https?:\/\/)?(?:www\.)?github\.com\/([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(url.trim());
    if (m) return `${m[1]}/${m[2]}`;
  }
  return undefined;
}
