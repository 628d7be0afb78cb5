import { Octokit } from "@octokit/rest";

/** A thin typed client over @octokit/rest for what catalog discovery reads. */
export function githubClient({ token, baseUrl }: { token: string; baseUrl?: string }) {
  const octokit = new Octokit({ auth: token, baseUrl: baseUrl || undefined, userAgent: "portico", request: { timeout: 30_000 } });
  return {
    async listOrgRepos(org: string) {
      return octokit.paginate(octokit.repos.listForOrg, { org, per_page: 100, type: "all" });
    },
    /** A file's text at a ref, or undefined when the repository has no such file. */
    async readFile(owner: string, repo: string, path: string, ref?: string): Promise<string | undefined> {
      try {
        const { data } = await octokit.repos.getContent({ owner, repo, path, ref });
        if (Array.isArray(data) || data.type !== "file" || !("content" in data)) return undefined;
        return Buffer.from(data.content, (data.encoding as BufferEncoding) || "base64").toString("utf8");
      } catch (error) {
        if ((error as { status?: number }).status === 404) return undefined;
        throw error;
      }
    },
  };
}
export type GitHubRepo = Awaited<ReturnType<ReturnType<typeof githubClient>["listOrgRepos"]>>[number];
