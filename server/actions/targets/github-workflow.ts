import type { Invocation } from "../definition";
import { github, githubMissing } from "../../integrations/credentials";
import type { Target } from "./target";

type GitHubWorkflow = Extract<Invocation, { type: "github-workflow" }>;
type Payload = { owner: string; repo: string; workflow: string; ref: string; inputs: Record<string, string> };
/** The workflow run once found, and each job's last logged state (so a state is logged once). */
type State = { githubRunId?: number; jobStates?: Record<string, string> };

const asString = (v: unknown) => (typeof v === "string" ? v : v === undefined || v === null ? "" : JSON.stringify(v));

/** A GitHub Actions workflow_dispatch; the workflow puts `inputs.portico_run_id` in its `run-name`, which is how its run is found. */
export const githubWorkflow: Target<GitHubWorkflow, Payload, State> = {
  type: "github-workflow",
  source: "github",
  unavailable: (db) => githubMissing(db),
  render: (invocation, { callback }) => ({
    target: `github.com/${invocation.owner}/${invocation.repo} → ${invocation.workflow} @ ${invocation.ref}`,
    payload: {
      owner: invocation.owner,
      repo: invocation.repo,
      workflow: invocation.workflow,
      ref: invocation.ref,
      inputs: { ...Object.fromEntries(Object.entries(invocation.inputs ?? {}).map(([k, v]) => [k, asString(v)])), portico_run_id: callback.id },
    },
  }),
  async dispatch(ctx, run, { owner, repo, workflow, ref, inputs }) {
    const gh = await github(ctx.db);
    if (run.dispatchAttempts > 1) {
      const existing = await gh.findWorkflowRun({ owner, repo, workflow, marker: run.id, since: run.createdAt });
      if (existing) {
        return { status: "IN_PROGRESS", link: existing.html_url, external: { githubRunId: existing.id }, follow: true, logs: [{ source: "github", message: `Workflow run ${existing.id} already exists for this run; adopted it` }] };
      }
    }
    const runId = await gh.dispatchWorkflow({ owner, repo, workflow, ref, inputs });
    return {
      status: "IN_PROGRESS",
      external: runId ? { githubRunId: runId } : {},
      follow: true,
      logs: [{ source: "github", message: `Dispatched ${workflow} on ${owner}/${repo}@${ref}${runId ? ` (workflow run ${runId})` : ""}` }],
    };
  },
  async follow(ctx, run, inv, state) {
    const external = { ...state };
    const gh = await github(ctx.db);
    if (!external.githubRunId) {
      const found = await gh.findWorkflowRun({ owner: inv.owner, repo: inv.repo, workflow: inv.workflow, marker: run.id, since: run.startedAt ?? run.createdAt });
      if (!found) {
        const waited = Date.now() - (run.startedAt ?? run.createdAt).getTime();
        if (waited > 10 * 60_000) {
          return { status: "FAILURE", summary: "No workflow run appeared for this run within 10 minutes. Does the workflow put inputs.portico_run_id in its run-name?", logs: [] };
        }
        return { status: "IN_PROGRESS", statusLabel: "Waiting for GitHub to start the workflow", follow: true, logs: [] };
      }
      external.githubRunId = found.id;
    }
    const wr = await gh.getWorkflowRun(inv.owner, inv.repo, external.githubRunId);
    const logs: { source: string; message: string; level?: "info" | "error" }[] = [];
    const jobStates = { ...external.jobStates };
    for (const job of await gh.listRunJobs(inv.owner, inv.repo, external.githubRunId)) {
      const jobState = job.status === "completed" ? `completed: ${job.conclusion}` : job.status;
      if (jobStates[job.id] !== jobState) {
        logs.push({ source: "github", message: `Job ${job.name}: ${jobState}`, level: job.conclusion === "failure" ? "error" : "info" });
        jobStates[job.id] = jobState;
      }
    }
    external.jobStates = jobStates;
    const label = wr.status === "completed" ? (wr.conclusion ?? "completed") : (wr.status ?? "queued");
    if (external.lastStatus !== label) logs.push({ source: "github", message: `Workflow run ${wr.id}: ${label}` });
    external.lastStatus = label;
    const base = { link: wr.html_url, external, logs };
    if (wr.status !== "completed") return { ...base, status: "IN_PROGRESS", statusLabel: `GitHub: ${label}`, follow: true };
    if (wr.conclusion === "success") return { ...base, status: "SUCCESS", statusLabel: null, summary: `Workflow run ${wr.id} succeeded` };
    if (wr.conclusion === "cancelled") return { ...base, status: "CANCELLED", statusLabel: null, summary: `Workflow run ${wr.id} was cancelled on GitHub` };
    // failure, timed_out, startup_failure, action_required, stale, neutral, skipped: the action did not do its work.
    return { ...base, status: "FAILURE", statusLabel: null, summary: `Workflow run ${wr.id} ended: ${wr.conclusion}` };
  },
  async cancel(db, _run, inv, state) {
    if (!state.githubRunId) return "";
    await (await github(db)).cancelWorkflowRun(inv.owner, inv.repo, state.githubRunId);
    return `cancelled workflow run ${state.githubRunId}`;
  },
};
