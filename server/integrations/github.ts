import { Octokit } from "@octokit/rest";

/** A thin typed client over @octokit/rest for what catalog discovery reads and actions dispatch. */
export function githubClient({ token, baseUrl }: { token: string; baseUrl?: string }) {
  // Errors are thrown to the caller, which reports them; Octokit need not print them too.
  const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
  const octokit = new Octokit({ auth: token, baseUrl: baseUrl || undefined, userAgent: "portico", request: { timeout: 30_000 }, log: quiet });
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
    /** A repository's metadata (its default branch), or undefined when there is no such repository (or no access to it). */
    async getRepo(owner: string, repo: string) {
      try {
        return (await octokit.repos.get({ owner, repo })).data;
      } catch (error) {
        if ((error as { status?: number }).status === 404) return undefined;
        throw error;
      }
    },
    /** Every file and folder at a ref in one answer (Git trees, recursive), or undefined when the ref does not exist. */
    async getTree(owner: string, repo: string, ref: string) {
      try {
        const { data } = await octokit.git.getTree({ owner, repo, tree_sha: ref, recursive: "1" });
        return { sha: data.sha, truncated: data.truncated, entries: data.tree.flatMap((t) => (t.path && t.sha && t.type ? [{ path: t.path, sha: t.sha, type: t.type, size: t.size ?? 0 }] : [])) };
      } catch (error) {
        if ((error as { status?: number }).status === 404 || (error as { status?: number }).status === 409) return undefined;
        throw error;
      }
    },
    /** A file's bytes by its Git object id (from `getTree`). */
    async getBlob(owner: string, repo: string, sha: string): Promise<Buffer> {
      const { data } = await octokit.git.getBlob({ owner, repo, file_sha: sha });
      return Buffer.from(data.content, (data.encoding as BufferEncoding) || "base64");
    },
    /** workflow_dispatch. Newer GitHub answers with the run's id; older servers answer 204 and the run is found by name. */
    async dispatchWorkflow(p: { owner: string; repo: string; workflow: string; ref: string; inputs: Record<string, string> }): Promise<number | undefined> {
      const response = await octokit.request("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", {
        owner: p.owner,
        repo: p.repo,
        workflow_id: p.workflow,
        ref: p.ref,
        inputs: p.inputs,
        return_run_details: true,
      });
      const data = response.data as { workflow_run_id?: number } | undefined;
      return typeof data?.workflow_run_id === "number" ? data.workflow_run_id : undefined;
    },
    /** The workflow_dispatch run whose name (the workflow's `run-name`) carries `marker`, created since `since`. */
    async findWorkflowRun(p: { owner: string; repo: string; workflow: string; marker: string; since: Date }) {
      const { data } = await octokit.actions.listWorkflowRuns({
        owner: p.owner,
        repo: p.repo,
        workflow_id: p.workflow,
        event: "workflow_dispatch",
        created: `>=${new Date(p.since.getTime() - 60_000).toISOString()}`,
        per_page: 100,
      });
      return data.workflow_runs.find((r) => (r.display_title ?? r.name ?? "").includes(p.marker));
    },
    async getWorkflowRun(owner: string, repo: string, runId: number) {
      return (await octokit.actions.getWorkflowRun({ owner, repo, run_id: runId })).data;
    },
    async listRunJobs(owner: string, repo: string, runId: number) {
      return (await octokit.actions.listJobsForWorkflowRun({ owner, repo, run_id: runId, per_page: 100 })).data.jobs;
    },
    /** The repository's latest workflow runs, newest first. */
    async listRepoRuns(owner: string, repo: string, perPage = 20) {
      return (await octokit.actions.listWorkflowRunsForRepo({ owner, repo, per_page: perPage })).data.workflow_runs;
    },
    async rerunWorkflowRun(owner: string, repo: string, runId: number) {
      await octokit.actions.reRunWorkflow({ owner, repo, run_id: runId });
    },
    async cancelWorkflowRun(owner: string, repo: string, runId: number) {
      await octokit.actions.cancelWorkflowRun({ owner, repo, run_id: runId });
    },
    /** A repository from a template repository; an existing repository of that name is returned as it is. */
    async createFromTemplate(p: { templateOwner: string; templateRepo: string; owner: string; name: string; description?: string; private: boolean }) {
      try {
        const { data } = await octokit.repos.createUsingTemplate({
          template_owner: p.templateOwner,
          template_repo: p.templateRepo,
          owner: p.owner,
          name: p.name,
          description: p.description,
          private: p.private,
        });
        return { repo: data, created: true };
      } catch (error) {
        if ((error as { status?: number }).status !== 422) throw error;
        const { data } = await octokit.repos.get({ owner: p.owner, repo: p.name });
        return { repo: data, created: false };
      }
    },
    async putFile(p: { owner: string; repo: string; path: string; content: string; message: string }) {
      const existing = await octokit.repos.getContent({ owner: p.owner, repo: p.repo, path: p.path }).catch((error: { status?: number }) => {
        if (error.status === 404) return undefined;
        throw error;
      });
      const sha = existing && !Array.isArray(existing.data) && "sha" in existing.data ? existing.data.sha : undefined;
      await octokit.repos.createOrUpdateFileContents({ owner: p.owner, repo: p.repo, path: p.path, message: p.message, content: Buffer.from(p.content).toString("base64"), sha });
    },
  };
}
export type GitHubClient = ReturnType<typeof githubClient>;
export type GitHubRepo = Awaited<ReturnType<GitHubClient["listOrgRepos"]>>[number];
