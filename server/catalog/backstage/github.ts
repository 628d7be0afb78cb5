import { isAdmin, type ServiceContext } from "../../context";
import { forbidden, invalid } from "../../errors";
import { githubIfConnected } from "../../integrations/credentials";
import { importBackstage, type ImportMode, type ImportReport } from "./index";

/**
 * A Backstage import from a GitHub URL: `https://github.com/<owner>/<repo>` (its root
 * catalog-info.yaml on the default branch) or a file's `…/blob/<ref>/<path>` URL. Locations and
 * substitutions are read from the same repository and ref, through the connected GitHub integration.
 */
export function parseGitHubUrl(url: string): { owner: string; repo: string; ref?: string; path: string } | undefined {
  const m = /^https:\/\/github\.com\/([\w.-]+)\/([\w.-]+?)(?:\.git)?(?:\/(?:blob|tree)\/([^/]+)\/(.+?))?\/?$/.exec(url.trim());
  if (!m) return undefined;
  const path = m[4] ?? "catalog-info.yaml";
  return { owner: m[1]!, repo: m[2]!, ref: m[3], path: /\.ya?ml$/i.test(path) ? path : `${path.replace(/\/$/, "")}/catalog-info.yaml` };
}

export async function importBackstageFromGitHub({ ctx, input }: { ctx: ServiceContext; input: { url: string; dryRun?: boolean; mode?: ImportMode } }): Promise<ImportReport> {
  if (!isAdmin(ctx.actor)) throw forbidden("Only admins can import into the catalog");
  const at = parseGitHubUrl(input.url);
  if (!at) throw invalid("Not a GitHub repository or file URL", [{ path: "/url", message: "must look like https://github.com/<owner>/<repo> or …/blob/<branch>/<path>.yaml" }]);
  const gh = await githubIfConnected(ctx.db);
  if (!gh) throw invalid("GitHub is not connected", [{ path: "/url", message: "connect GitHub under Admin → Integrations first" }]);
  const refused = (error: unknown) => {
    const status = (error as { status?: number }).status;
    // GitHub's 4xx (bad token, no access, rate limit) is the caller's to fix, not a server error.
    if (status && status >= 400 && status < 500) return invalid(`GitHub refused to read ${at.owner}/${at.repo}: ${String((error as Error).message).split(" - ")[0]}`, [{ path: "/url", message: `GitHub answered ${status}` }]);
    return error;
  };
  const content = await gh.readFile(at.owner, at.repo, at.path, at.ref).catch((error: unknown) => {
    throw refused(error);
  });
  if (content === undefined) throw invalid(`${at.path} was not found in ${at.owner}/${at.repo}`, [{ path: "/url", message: "has no such file" }]);
  return importBackstage({
    ctx,
    input: {
      files: [{ path: at.path, content }],
      dryRun: input.dryRun,
      mode: input.mode,
      source: { repository: `https://github.com/${at.owner}/${at.repo}` },
      read: (path) =>
        gh.readFile(at.owner, at.repo, path, at.ref).catch((error: unknown) => {
          throw refused(error);
        }),
    },
  });
}
