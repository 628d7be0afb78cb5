import type { Invocation } from "../definition";
import { gitlab, gitlabMissing } from "../../integrations/credentials";
import { describeGitLabError, RUN_ID_VARIABLE, type GitLabClient, type GitLabJob } from "../../integrations/gitlab";
import type { Outcome, Target } from "./target";

type GitLabPipeline = Extract<Invocation, { type: "gitlab-pipeline" }>;
type Payload = { project: string; ref: string; variables: Record<string, string> };
/** The pipeline once created, each job's last logged state, and how many log lines of each job are copied. */
type State = { pipelineId?: number; jobStates?: Record<string, string>; logCursor?: Record<string, number> };

type LogLine = Outcome["logs"][number];

const asString = (v: unknown) => (typeof v === "string" ? v : v === undefined || v === null ? "" : JSON.stringify(v));

/** Job statuses with no log yet (or none ever). */
const NO_LOG = new Set(["created", "pending", "waiting_for_resource", "preparing", "manual", "scheduled", "skipped"]);
/** Most lines copied from one job's log per follow-up: a chatty job cannot flood the run log in one pass. */
const LINES_PER_PASS = 500;

/** GitLab's job log without terminal colours and its collapsible-section markers ("section_start:…\r"). */
export function cleanJobLog(text: string): string[] {
  return (
    text
      .replace(/\x1b\[[0-9;]*[A-Za-z]/g, "")
      .replace(/section_(start|end):\d+:[^\r\n]*\r/g, "")
      .split(/\r?\n/)
      .map((l) => l.replace(/^.*\r(?!$)/, ""))
      .filter((l, i, all) => l !== "" || i < all.length - 1)
  );
}

async function jobLogs(client: GitLabClient, project: string, jobs: GitLabJob[], state: State): Promise<{ logs: LogLine[]; jobStates: Record<string, string>; logCursor: Record<string, number> }> {
  const logs: LogLine[] = [];
  const jobStates = { ...state.jobStates };
  const logCursor = { ...state.logCursor };
  for (const job of [...jobs].sort((a, b) => a.id - b.id)) {
    const key = String(job.id);
    if (!NO_LOG.has(job.status) && logCursor[key] !== -1) {
      const lines = cleanJobLog(await client.jobLog(project, job.id));
      const from = logCursor[key] ?? 0;
      const next = lines.slice(from, from + LINES_PER_PASS);
      for (const line of next) logs.push({ source: "gitlab", message: `[${job.name}] ${line}` });
      const done = ["success", "failed", "canceled"].includes(job.status) && from + next.length >= lines.length;
      // -1: the job has ended and its whole log is copied; it is not read again.
      logCursor[key] = done ? -1 : from + next.length;
    }
    const jobState = job.status === "failed" && job.failure_reason ? `failed (${job.failure_reason})` : job.status;
    if (jobStates[key] !== jobState) {
      logs.push({ source: "gitlab", message: `Job ${job.name} (${job.stage}): ${jobState}`, level: job.status === "failed" ? "error" : "info" });
      jobStates[key] = jobState;
    }
  }
  return { logs, jobStates, logCursor };
}

/**
 * A GitLab CI/CD pipeline created through the Pipelines API (`POST /projects/:id/pipeline`) on a ref, with
 * the action's variables and PORTICO_RUN_ID (how a retried dispatch finds the pipeline it already created);
 * followed by polling the pipeline and its jobs, whose logs are copied into the run log; cancelled there.
 */
export const gitlabPipeline: Target<GitLabPipeline, Payload, State> = {
  type: "gitlab-pipeline",
  source: "gitlab",
  unavailable: (db) => gitlabMissing(db),
  render: (invocation, { callback }) => ({
    target: `GitLab ${invocation.project} → pipeline @ ${invocation.ref}`,
    payload: {
      project: invocation.project,
      ref: invocation.ref,
      variables: {
        ...Object.fromEntries(Object.entries(invocation.variables ?? {}).map(([k, v]) => [k, asString(v)])),
        [RUN_ID_VARIABLE]: callback.id,
        PORTICO_RUN_URL: callback.url,
      },
    },
  }),
  async dispatch(ctx, run, { project, ref, variables }) {
    const client = await gitlab(ctx.db);
    if (run.dispatchAttempts > 1) {
      const existing = await client.findPipeline(project, ref, run.id, run.createdAt);
      if (existing) {
        return { status: "IN_PROGRESS", link: existing.web_url, external: { pipelineId: existing.id }, follow: true, logs: [{ source: "gitlab", message: `Pipeline ${existing.id} already exists for this run; adopted it` }] };
      }
    }
    const pipeline = await client.createPipeline(project, ref, variables);
    return {
      status: "IN_PROGRESS",
      link: pipeline.web_url,
      external: { pipelineId: pipeline.id },
      follow: true,
      logs: [{ source: "gitlab", message: `Created pipeline ${pipeline.id} on ${project}@${ref}` }],
    };
  },
  async follow(ctx, _run, inv, state) {
    if (!state.pipelineId) return { status: "FAILURE", summary: "The run has no GitLab pipeline to follow", logs: [] };
    const client = await gitlab(ctx.db);
    const pipeline = await client.getPipeline(inv.project, state.pipelineId);
    const { logs, jobStates, logCursor } = await jobLogs(client, inv.project, await client.listJobs(inv.project, state.pipelineId), state);
    const external = { ...state, jobStates, logCursor };
    const label = pipeline.status;
    if (state.lastStatus !== label) logs.push({ source: "gitlab", message: `Pipeline ${pipeline.id}: ${label}` });
    external.lastStatus = label;
    const base = { link: pipeline.web_url, external, logs };
    const id = pipeline.id;
    switch (pipeline.status) {
      case "success":
        return { ...base, status: "SUCCESS", statusLabel: null, summary: `Pipeline ${id} succeeded` };
      case "failed":
        return { ...base, status: "FAILURE", statusLabel: null, summary: `Pipeline ${id} failed` };
      case "canceled":
        return { ...base, status: "CANCELLED", statusLabel: null, summary: `Pipeline ${id} was cancelled on GitLab` };
      case "skipped":
        return { ...base, status: "FAILURE", statusLabel: null, summary: `Pipeline ${id} was skipped: none of its jobs ran` };
      case "manual":
        return { ...base, status: "IN_PROGRESS", statusLabel: "GitLab: waiting for a manual job to be started", follow: true };
      default:
        // created, waiting_for_resource, preparing, pending, running, scheduled, canceling
        return { ...base, status: "IN_PROGRESS", statusLabel: `GitLab: ${label}`, follow: true };
    }
  },
  async cancel(db, _run, inv, state) {
    if (!state.pipelineId) return "";
    await (await gitlab(db)).cancelPipeline(inv.project, state.pipelineId);
    return `cancelled pipeline ${state.pipelineId}`;
  },
  describeError: describeGitLabError,
};
