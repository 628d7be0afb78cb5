import { Gitlab } from "@gitbeaker/rest";

/** What Portico reads of a pipeline (GitLab's Pipelines API). */
export type GitLabPipeline = { id: number; status: string; web_url: string; ref: string; created_at?: string };
export type GitLabJob = { id: number; name: string; stage: string; status: string; web_url?: string; failure_reason?: string };

/** The variable a pipeline Portico creates carries: how a retried dispatch finds the pipeline it already made. */
export const RUN_ID_VARIABLE = "PORTICO_RUN_ID";

/**
 * A thin typed client over @gitbeaker/rest for what GitLab pipeline actions need: create a pipeline with
 * variables, find one by the run id it carries, follow it and its jobs, read a job's log, cancel it.
 * `project` is a numeric id or the project's full path ("group/subgroup/project"); the library encodes it.
 */
export function gitlabClient({ token, url }: { token: string; url: string }) {
  // GitLab's default rate limits are the server's; the library's client-side limiter is left at its defaults.
  const api = new Gitlab({ host: url.replace(/\/+$/, ""), token, queryTimeout: 30_000 });
  return {
    /** Who the token is (GET /user): the connection test. */
    async currentUser(): Promise<{ username: string }> {
      const user = await api.Users.showCurrentUser();
      return { username: String(user.username) };
    },
    async createPipeline(project: string, ref: string, variables: Record<string, string>): Promise<GitLabPipeline> {
      const pipeline = await api.Pipelines.create(project, ref, {
        variables: Object.entries(variables).map(([key, value]) => ({ key, value, variable_type: "env_var" })),
      });
      return pipeline as GitLabPipeline;
    },
    /** The pipeline on `ref` created since `since` whose PORTICO_RUN_ID variable is `runId`, if any. */
    async findPipeline(project: string, ref: string, runId: string, since: Date): Promise<GitLabPipeline | undefined> {
      const recent = await api.Pipelines.all(project, { ref, updatedAfter: new Date(since.getTime() - 60_000).toISOString(), orderBy: "id", sort: "desc", perPage: 50, maxPages: 1 });
      for (const pipeline of recent) {
        const variables = await api.Pipelines.allVariables(project, pipeline.id);
        if (variables.some((v) => v.key === RUN_ID_VARIABLE && v.value === runId)) return pipeline as GitLabPipeline;
      }
      return undefined;
    },
    async getPipeline(project: string, id: number): Promise<GitLabPipeline> {
      return (await api.Pipelines.show(project, id)) as GitLabPipeline;
    },
    async listJobs(project: string, pipelineId: number): Promise<GitLabJob[]> {
      return (await api.Jobs.all(project, { pipelineId, perPage: 100, maxPages: 5 })) as GitLabJob[];
    },
    /** A job's log as GitLab keeps it (plain text, ANSI colours and section markers included). */
    async jobLog(project: string, jobId: number): Promise<string> {
      const log = await api.Jobs.showLog(project, jobId);
      return typeof log === "string" ? log : "";
    },
    async cancelPipeline(project: string, id: number): Promise<GitLabPipeline> {
      return (await api.Pipelines.cancel(project, id)) as GitLabPipeline;
    },
  };
}

export type GitLabClient = ReturnType<typeof gitlabClient>;

/** GitLab's answer in words: its status and message ("404 Project Not Found", "401 Unauthorized"). */
export function describeGitLabError(error: unknown): string {
  const cause = (error as { cause?: { description?: string; response?: { status?: number } } })?.cause;
  if (cause?.response?.status) return `GitLab answered ${cause.response.status}${cause.description ? `: ${cause.description}` : ""}`;
  return error instanceof Error ? error.message : String(error);
}
