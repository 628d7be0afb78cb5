import type { V1Job } from "@kubernetes/client-node";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import type { RunExternal } from "@/db/schema";
import { githubConnection } from "../catalog/github-discovery";
import { and, eq, inArray } from "drizzle-orm";
import { entities } from "@/db/schema";
import type { DbOrTx } from "@/db/client";
import { entityColumns, toEntityJson, upsertEntities } from "../catalog/entities";
import type { Actor, ServiceContext } from "../context";
import { toDomainError } from "../errors";
import { publicUrl } from "../env";
import { clusterConnection } from "../environments/clusters";
import { githubClient } from "../integrations/github";
import { jobOutcome, kubernetesClient, kubernetesErrorMessage, kubernetesStatusCode } from "../integrations/kubernetes";
import { OutboundBlockedError } from "../integrations/outbound";
import { sendWebhook } from "../integrations/webhook";
import type { invocationSchema } from "./definition";
import type { ActionJson, RunRow } from "./runs";
import { webhookSettings } from "./settings";
import { renderTemplate, type TemplateContext } from "./templates";

/**
 * Where each invocation type goes and how Portico follows it. `renderInvocation` is pure over its
 * context (a dry run shows exactly what a dispatch would send); `dispatch` sends it, idempotently
 * per run id, and `follow` copies the external run's progress and logs.
 */
export type Invocation = z.output<typeof invocationSchema>;

export type Rendered = { type: Invocation["type"]; target: string; payload: Record<string, unknown> };

export type RenderContext = {
  inputs: Record<string, unknown>;
  entity: Record<string, unknown> | null;
  actor?: Actor;
  requester?: { id: string; label: string; teams: string[] };
  run: { id: string; token?: string };
};

/** What templates see: `{inputs, entity, user, run, action}`; the user is the actor, or the run's requester. */
export function templateContext(action: Pick<ActionJson, "identifier" | "title" | "blueprint" | "operation">, c: RenderContext): TemplateContext {
  const user = c.actor
    ? { id: c.actor.id, email: c.actor.kind === "user" ? c.actor.email : undefined, name: c.actor.kind === "user" ? c.actor.name : null, teams: c.actor.kind === "user" ? c.actor.teamIds : [] }
    : { id: c.requester!.id, email: c.requester!.label, name: null, teams: c.requester!.teams };
  return {
    inputs: c.inputs,
    entity: c.entity,
    user,
    run: { id: c.run.id, url: `${publicUrl()}/runs/${c.run.id}`, token: c.run.token },
    action: { identifier: action.identifier, title: action.title, blueprint: action.blueprint, operation: action.operation },
  };
}

/**
 * The inputs jq templates see. Port's payload gives an entity picker's value as the entity itself, so a Port
 * action's `{{ .inputs.service.identifier }}` needs the picked entities (Portico's value is the identifier; JSONata
 * templates keep seeing that). One query per picker; an identifier that matches nothing stays as it is.
 */
export async function templateInputs(db: DbOrTx, action: ActionJson, inputs: Record<string, unknown>): Promise<Record<string, unknown>> {
  if (action.templateLanguage !== "jq") return inputs;
  const out = { ...inputs };
  for (const [key, schema] of Object.entries(action.userInputs.properties)) {
    const items = schema.items as Record<string, unknown> | undefined;
    const picker = schema.format === "entity" ? schema : items?.format === "entity" ? items : null;
    const value = inputs[key];
    if (!picker || typeof picker.blueprint !== "string" || value === undefined || value === null) continue;
    const ids = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
    if (!ids.length) continue;
    const rows = await db.select(entityColumns).from(entities).where(and(eq(entities.blueprint, picker.blueprint), inArray(entities.identifier, ids)));
    const byId = new Map(rows.map((r) => [r.identifier, { ...toEntityJson(r), blueprint: r.blueprint }]));
    out[key] = Array.isArray(value) ? value.map((v) => byId.get(v as string) ?? v) : (byId.get(value as string) ?? value);
  }
  return out;
}

/** Kubernetes names: lowercase alphanumerics and dashes. The run id makes the Job's name, so a repeat create is refused by the cluster. */
export function jobName(runId: string): string {
  return `portico-run-${runId.replace(/-/g, "").slice(0, 32)}`;
}

const asString = (v: unknown) => (typeof v === "string" ? v : v === undefined || v === null ? "" : JSON.stringify(v));

export async function renderInvocation(action: ActionJson, c: RenderContext): Promise<Rendered> {
  const context = templateContext(action, c);
  const invocation = (await renderTemplate(action.invocation, context, "/invocation", action.templateLanguage ?? "jsonata")) as Invocation;
  const callback = { id: c.run.id, url: context.run.url, apiUrl: `${publicUrl()}/api/v1/runs/${c.run.id}`, token: c.run.token };
  switch (invocation.type) {
    case "github-workflow": {
      const inputs = Object.fromEntries(Object.entries(invocation.inputs ?? {}).map(([k, v]) => [k, asString(v)]));
      return {
        type: invocation.type,
        target: `github.com/${invocation.owner}/${invocation.repo} → ${invocation.workflow} @ ${invocation.ref}`,
        // The workflow declares `portico_run_id` and puts it in its `run-name`, which is how Portico finds the run.
        payload: { owner: invocation.owner, repo: invocation.repo, workflow: invocation.workflow, ref: invocation.ref, inputs: { ...inputs, portico_run_id: c.run.id } },
      };
    }
    case "kubernetes-job": {
      const template = invocation.jobTemplate as V1Job;
      const name = jobName(c.run.id);
      const env = [
        { name: "PORTICO_RUN_ID", value: c.run.id },
        { name: "PORTICO_RUN_URL", value: callback.apiUrl },
        { name: "PORTICO_RUN_TOKEN", value: c.run.token ?? "" },
      ];
      const spec = template.spec ?? { template: { spec: { containers: [] } } };
      const podSpec = spec.template?.spec ?? { containers: [] };
      const job: V1Job = {
        apiVersion: "batch/v1",
        kind: "Job",
        ...template,
        metadata: {
          ...template.metadata,
          name,
          namespace: invocation.namespace,
          labels: { ...template.metadata?.labels, "app.kubernetes.io/managed-by": "portico", "portico.dev/run-id": c.run.id, "portico.dev/action": action.identifier },
        },
        spec: {
          backoffLimit: 0,
          ...spec,
          template: {
            ...spec.template,
            spec: { restartPolicy: "Never", ...podSpec, containers: (podSpec.containers ?? []).map((ct) => ({ ...ct, env: [...(ct.env ?? []), ...env] })) },
          },
        },
      };
      return { type: invocation.type, target: `cluster ${invocation.cluster}, namespace ${invocation.namespace}, Job ${name}`, payload: { cluster: invocation.cluster, namespace: invocation.namespace, job } };
    }
    case "webhook": {
      const body =
        invocation.body !== undefined
          ? invocation.body
          : { action: context.action, run: callback, inputs: c.inputs, entity: c.entity, user: context.user };
      return {
        type: invocation.type,
        target: `${invocation.method} ${invocation.url}`,
        payload: { url: invocation.url, method: invocation.method, headers: invocation.headers, body, signed: invocation.signed, synchronized: invocation.synchronized },
      };
    }
    case "upsert-entity":
      return { type: invocation.type, target: `Portico catalog: ${invocation.blueprint}`, payload: { blueprint: invocation.blueprint, entity: invocation.mapping } };
    case "github-repository": {
      const isPrivate = invocation.private === true || invocation.private === "true";
      return {
        type: invocation.type,
        target: `github.com/${invocation.owner}/${invocation.name} from template ${invocation.templateOwner}/${invocation.templateRepo}`,
        payload: { ...invocation, private: isPrivate },
      };
    }
  }
}

/** What a dispatch or a follow-up found: the status to set, and what to record. */
export type Outcome = {
  status: "IN_PROGRESS" | "SUCCESS" | "FAILURE" | "CANCELLED";
  statusLabel?: string | null;
  link?: string;
  summary?: string;
  external?: RunExternal;
  affectedEntities?: { blueprint: string; identifier: string }[];
  logs: { source: string; message: string; level?: "info" | "warn" | "error" }[];
  /** Follow again (GitHub workflow runs, Jobs); absent when the target reports back itself. */
  follow?: boolean;
};

function describe(error: unknown): string {
  const domain = toDomainError(error);
  if (domain) return domain.details?.length ? `${domain.message}: ${domain.details.map((d) => `${d.path} ${d.message}`).join("; ")}` : domain.message;
  const e = error as { status?: number; message?: string; response?: { data?: { message?: string } } };
  if (e.response?.data?.message) return `${e.response.data.message}${e.status ? ` (HTTP ${e.status})` : ""}`;
  return e.message ?? String(error);
}

async function github(db: ServiceContext["db"]) {
  const connection = await githubConnection(db);
  if (!connection) throw new Error("GitHub is not connected: an admin sets the token in Admin → Integrations");
  return githubClient(connection);
}

async function cluster(db: ServiceContext["db"], name: string) {
  const connection = await clusterConnection(db, name);
  if (!connection) throw new Error(`Kubernetes cluster ${name} is not connected: an admin adds it in Admin → Integrations`);
  return kubernetesClient(connection);
}

/**
 * Upserts the entity a mapping describes as the run's requester (`ctx.actor`): the action's
 * permissions let them run it, and the catalog's let them write this entity, or the run fails with
 * the catalog's reason and nothing is written.
 */
async function registerEntity(ctx: ServiceContext, blueprint: string, entity: Record<string, unknown>) {
  const [written] = await upsertEntities({ ctx, input: { blueprint, entities: [entity], mode: "upsert", bulk: false } });
  const outcome = written!.created ? "Created" : written!.unchanged ? "Left unchanged (identical)" : "Updated";
  return { blueprint, identifier: written!.entity.identifier, outcome };
}

/**
 * Sends a claimed run to its target. `attempt` > 1 means an earlier worker claimed it and vanished:
 * each target is asked first whether the run already reached it, so nothing is dispatched twice.
 */
export async function dispatch(ctx: ServiceContext, run: RunRow, rendered: Rendered, options: { webhookBackoffMs?: number } = {}): Promise<Outcome> {
  const p = rendered.payload;
  try {
    switch (rendered.type) {
      case "github-workflow": {
        const gh = await github(ctx.db);
        const { owner, repo, workflow, ref, inputs } = p as { owner: string; repo: string; workflow: string; ref: string; inputs: Record<string, string> };
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
      }
      case "kubernetes-job": {
        const { cluster: name, namespace, job } = p as { cluster: string; namespace: string; job: V1Job };
        const k8s = await cluster(ctx.db, name);
        const external: RunExternal = { kubernetesJob: { cluster: name, namespace, name: job.metadata!.name! } };
        try {
          await k8s.createJob(namespace, job);
          return { status: "IN_PROGRESS", external, follow: true, logs: [{ source: "kubernetes", message: `Created Job ${namespace}/${job.metadata!.name}` }] };
        } catch (error) {
          if (kubernetesStatusCode(error) !== 409) throw new Error(kubernetesErrorMessage(error));
          // The Job's name is the run's: it exists because an earlier attempt created it.
          return { status: "IN_PROGRESS", external, follow: true, logs: [{ source: "kubernetes", message: `Job ${namespace}/${job.metadata!.name} already exists for this run; adopted it` }] };
        }
      }
      case "webhook": {
        const w = p as { url: string; method: string; headers: Record<string, string>; body: unknown; signed: boolean; synchronized: boolean };
        const settings = await webhookSettings(ctx.db);
        if (w.signed && !settings.signingSecret) throw new Error("the webhook is signed but no signing secret is set: an admin sets one in Admin → Integrations → Webhooks");
        const logs: Outcome["logs"] = [];
        const response = await sendWebhook({
          url: w.url,
          method: w.method,
          headers: w.headers,
          body: w.method === "GET" ? undefined : typeof w.body === "string" ? w.body : JSON.stringify(w.body ?? {}),
          allowlist: settings.allowlist,
          signingSecret: w.signed ? settings.signingSecret : undefined,
          idempotencyKey: run.id,
          backoffMs: options.webhookBackoffMs,
          onAttempt: (attempt, outcome) => logs.push({ source: "webhook", message: `Attempt ${attempt}: ${outcome}` }),
        });
        const ok = response.status >= 200 && response.status < 300;
        if (!ok) return { status: "FAILURE", summary: `The webhook answered HTTP ${response.status}`, logs: [...logs, { source: "webhook", message: response.body.slice(0, 2000), level: "error" }] };
        return w.synchronized
          ? { status: "SUCCESS", summary: `The webhook answered HTTP ${response.status}`, logs }
          : { status: "IN_PROGRESS", statusLabel: "Waiting for the receiver to report", logs };
      }
      case "upsert-entity": {
        const { blueprint, entity } = p as { blueprint: string; entity: Record<string, unknown> };
        const written = await registerEntity(ctx, blueprint, entity);
        return {
          status: "SUCCESS",
          summary: `${written.outcome} ${blueprint} ${written.identifier}`,
          affectedEntities: [{ blueprint, identifier: written.identifier }],
          logs: [{ source: "portico", message: `${written.outcome} ${blueprint} ${written.identifier}` }],
        };
      }
      case "github-repository": {
        const r = p as { templateOwner: string; templateRepo: string; owner: string; name: string; description?: string; private: boolean; catalogInfo?: string; register?: { blueprint: string; mapping: Record<string, unknown> } };
        const gh = await github(ctx.db);
        const logs: Outcome["logs"] = [];
        const { repo, created } = await gh.createFromTemplate(r);
        logs.push({ source: "github", message: created ? `Created ${repo.full_name} from ${r.templateOwner}/${r.templateRepo}` : `${repo.full_name} already exists; kept it` });
        if (r.catalogInfo) {
          parseYaml(r.catalogInfo);
          await gh.putFile({ owner: r.owner, repo: r.name, path: "catalog-info.yaml", content: r.catalogInfo, message: `Register in Portico (run ${run.id})` });
          logs.push({ source: "github", message: "Wrote catalog-info.yaml" });
        }
        const affected: Outcome["affectedEntities"] = [];
        if (r.register) {
          const written = await registerEntity(ctx, r.register.blueprint, r.register.mapping);
          affected.push({ blueprint: written.blueprint, identifier: written.identifier });
          logs.push({ source: "portico", message: `Registered ${written.blueprint} ${written.identifier}` });
        }
        return { status: "SUCCESS", link: repo.html_url, summary: `Repository ${repo.full_name} is ready`, affectedEntities: affected, logs };
      }
    }
  } catch (error) {
    const message = error instanceof OutboundBlockedError ? `Blocked: ${error.message}` : describe(error);
    return { status: "FAILURE", summary: message, logs: [{ source: rendered.type.startsWith("github") ? "github" : rendered.type === "kubernetes-job" ? "kubernetes" : "portico", message, level: "error" }] };
  }
}

/** Looks at a followed run's external state once: status, link and new log lines. */
export async function follow(ctx: ServiceContext, run: RunRow): Promise<Outcome> {
  const invocation = (run.actionSnapshot as ActionJson).invocation as Invocation;
  const external: RunExternal = { ...run.external };
  try {
    if (invocation.type === "github-workflow") {
      const inv = invocation;
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
      const logs: Outcome["logs"] = [];
      const jobs = await gh.listRunJobs(inv.owner, inv.repo, external.githubRunId);
      const jobStates = { ...external.jobStates };
      for (const job of jobs) {
        const state = job.status === "completed" ? `completed: ${job.conclusion}` : job.status;
        if (jobStates[job.id] !== state) {
          logs.push({ source: "github", message: `Job ${job.name}: ${state}`, level: job.conclusion === "failure" ? "error" : "info" });
          jobStates[job.id] = state;
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
    }
    if (invocation.type === "kubernetes-job" && external.kubernetesJob) {
      const { cluster: name, namespace, name: jobName } = external.kubernetesJob;
      const k8s = await cluster(ctx.db, name);
      const job = await k8s.readJob(namespace, jobName);
      const outcome = jobOutcome(job);
      const logs: Outcome["logs"] = [];
      const cursor = { ...external.logCursor };
      for (const pod of await k8s.jobPods(namespace, jobName)) {
        const podName = pod.metadata?.name;
        if (!podName || pod.status?.phase === "Pending") continue;
        for (const container of pod.spec?.containers ?? []) {
          const key = `${podName}/${container.name}`;
          const text = await k8s.podLog(namespace, podName, container.name).catch(() => "");
          const lines = text.split("\n").filter((l, i, all) => l !== "" || i < all.length - 1);
          const seen = cursor[key] ?? 0;
          for (const line of lines.slice(seen)) logs.push({ source: "kubernetes", message: `[${podName}] ${line}` });
          cursor[key] = lines.length;
        }
      }
      external.logCursor = cursor;
      const state = outcome.state === "running" ? `active ${job.status?.active ?? 0}` : outcome.state;
      if (external.lastStatus !== state) logs.push({ source: "kubernetes", message: `Job ${namespace}/${jobName}: ${state}${outcome.reason ? ` (${outcome.reason})` : ""}` });
      external.lastStatus = state;
      if (outcome.state === "running") return { status: "IN_PROGRESS", statusLabel: `Kubernetes: ${state}`, external, logs, follow: true };
      return { status: outcome.state === "succeeded" ? "SUCCESS" : "FAILURE", statusLabel: null, summary: outcome.state === "succeeded" ? `Job ${jobName} completed` : `Job ${jobName} failed: ${outcome.reason}`, external, logs };
    }
    return { status: "IN_PROGRESS", logs: [] };
  } catch (error) {
    // The target is unreachable for now: keep following, and say so once.
    const message = invocation.type === "kubernetes-job" ? kubernetesErrorMessage(error) : describe(error);
    const repeated = external.lastStatus === `error: ${message}`;
    external.lastStatus = `error: ${message}`;
    return { status: "IN_PROGRESS", external, follow: true, logs: repeated ? [] : [{ source: "portico", message: `Could not read the run's status: ${message}`, level: "warn" }] };
  }
}

/** Stops a dispatched run in its target (GitHub cancel, Job deletion); says what it did. */
export async function cancelExternal(db: ServiceContext["db"], run: RunRow): Promise<string> {
  const invocation = (run.actionSnapshot as ActionJson).invocation as Invocation;
  try {
    if (invocation.type === "github-workflow" && run.external.githubRunId) {
      await (await github(db)).cancelWorkflowRun(invocation.owner, invocation.repo, run.external.githubRunId);
      return `cancelled workflow run ${run.external.githubRunId}`;
    }
    if (invocation.type === "kubernetes-job" && run.external.kubernetesJob) {
      const { cluster: name, namespace, name: jobName } = run.external.kubernetesJob;
      await (await cluster(db, name)).deleteJob(namespace, jobName);
      return `deleted Job ${namespace}/${jobName}`;
    }
  } catch (error) {
    return `could not stop it in ${invocation.type}: ${describe(error)}`;
  }
  return "";
}
