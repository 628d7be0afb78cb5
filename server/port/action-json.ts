import { invalid, type ErrorDetail } from "../errors";
import type { ActionJson } from "../actions/runs";

/**
 * Port's self-service action JSON, read as written and written back.
 *
 * Port (`POST /v1/actions`): `{identifier, title, icon, description, trigger: {type: "self-service", operation,
 * blueprintIdentifier, userInputs, condition}, invocationMethod: {type: WEBHOOK | GITHUB | UPSERT_ENTITY | …},
 * requiredApproval, approvalNotification, publish}`; the older shape has `trigger: "CREATE" | "DAY-2" | "DELETE"` and
 * `userInputs` beside it. Templates are jq (`{{ .inputs.name }}`): the action keeps `templateLanguage: "jq"`,
 * and its templates see Port's payload (`.inputs`, `.entity`, `.trigger.by.user.email`, `.run.id`, `.action`).
 *
 * What has no Portico counterpart is refused by Port's name, with what to do instead (PORT_REFUSALS).
 */

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => Boolean(v) && typeof v === "object" && !Array.isArray(v);

/** A Port action (or automation), told apart from Portico's shape by Port's own keys. */
export function isPortAction(input: unknown): input is Json {
  return isObject(input) && ("trigger" in input || "invocationMethod" in input || "requiredApproval" in input);
}

/** Port names Portico refuses, with what to do instead: one place, so the docs and the messages agree. */
export const PORT_REFUSALS = {
  automation:
    'Port automations (trigger.type "automation") have no counterpart: Portico runs actions when someone asks for them. Make it a self-service action, or start it from your scheduler or CI with POST /api/v1/actions/{id}/runs',
  agent: "Port's execution agent (invocationMethod.agent: true) has no counterpart: Portico calls the webhook URL itself, from the server; set agent to false (the URL must be reachable from Portico)",
  approvalAll: 'requiredApproval {"type": "ALL"} has no counterpart: in Portico one approver\'s decision decides a run; use {"type": "ANY"} (or true)',
  approvalWebhook: "approvalNotification of type webhook has no counterpart per action: Portico notifies approvers in the portal and in the team's chat webhook (Admin → Integrations); remove it or use {\"type\": \"email\"}",
  unpublished: "publish: false has no counterpart: every Portico action is published; leave the action out of the import until it is ready",
  secrets: "Port's organization secrets (.secrets.<name>) have no counterpart: Portico signs webhooks with its own secret and never puts credentials in action definitions; keep the credential in the receiving system (or a Kubernetes Secret for a Job)",
  titles: "Port's form titles (userInputs.titles) have no counterpart: split the form into steps instead (userInputs.steps: [{title, order}])",
  jqVisible: 'a jq `visible` ({"jqQuery": …}) has no counterpart: write it as a condition over other inputs, {"property": "<input>", "operator": "=" | "!=" | "in" | "isEmpty" | "isNotEmpty", "value": …}',
  jqDataset: 'a jq value in an entity picker\'s dataset ({"jqQuery": …}) has no counterpart: write the value itself',
  invocation: {
    AZURE_DEVOPS: "Port's AZURE_DEVOPS backend has no counterpart: run the pipeline with a WEBHOOK invocation to Azure DevOps' Runs API (POST …/_apis/pipelines/<id>/runs)",
    KAFKA: "Port's KAFKA backend has no counterpart: Portico has no message topic; use a WEBHOOK invocation to a service that publishes the message",
    INTEGRATION_ACTION: "Port's INTEGRATION_ACTION backend (Ocean integrations) has no counterpart: use GITHUB for a workflow, or a WEBHOOK",
  } as Record<string, string>,
};

/** Port's `{jqQuery: "…"}` value as a Portico jq template string. */
const jqQuery = (v: unknown): string | undefined => (isObject(v) && typeof v.jqQuery === "string" ? `{{ ${v.jqQuery} }}` : undefined);

function fromPortInput(input: unknown, path: string, problems: ErrorDetail[]): Json {
  if (!isObject(input)) return input as Json;
  const out: Json = { ...input };
  if (out.encryption !== undefined) {
    // Port encrypts the value for the backend; Portico keeps it secret (masked, encrypted at rest, forgotten after the run).
    delete out.encryption;
    out.format = "secret";
  }
  const dflt = jqQuery(out.default);
  if (dflt) out.default = dflt;
  if (out.visible === true) delete out.visible;
  else if (out.visible !== undefined && (out.visible === false || jqQuery(out.visible))) problems.push({ path: `${path}/visible`, message: PORT_REFUSALS.jqVisible });
  if (isObject(out.dataset) && JSON.stringify(out.dataset).includes('"jqQuery"')) problems.push({ path: `${path}/dataset`, message: PORT_REFUSALS.jqDataset });
  return out;
}

function fromPortUserInputs(u: unknown, path: string, problems: ErrorDetail[]): Json {
  if (!isObject(u)) return { properties: {}, required: [] };
  if (u.titles !== undefined && isObject(u.titles) && Object.keys(u.titles).length) problems.push({ path: `${path}/titles`, message: PORT_REFUSALS.titles });
  const properties = isObject(u.properties)
    ? Object.fromEntries(Object.entries(u.properties).map(([k, v]) => [k, fromPortInput(v, `${path}/properties/${k}`, problems)]))
    : u.properties;
  const out: Json = { properties, required: u.required ?? [] };
  if (Array.isArray(u.order) && u.order.length) out.order = u.order;
  if (Array.isArray(u.steps)) out.steps = u.steps.map((s: unknown) => (isObject(s) ? { title: s.title, properties: s.order ?? s.properties } : s));
  return out;
}

/** Port's condition / dataset `{type: "SEARCH", combinator, rules}` as a Portico Query. */
function fromPortQuery(q: unknown): unknown {
  if (!isObject(q)) return q;
  const { type: _type, ...rest } = q;
  void _type;
  return rest;
}

function fromPortInvocation(m: unknown, userInputs: Json, problems: ErrorDetail[]): Json | undefined {
  if (!isObject(m)) {
    problems.push({ path: "/invocationMethod", message: "is required: where the action runs (WEBHOOK, GITHUB, GITLAB or UPSERT_ENTITY)" });
    return undefined;
  }
  switch (m.type) {
    case "WEBHOOK": {
      if (m.agent === true) problems.push({ path: "/invocationMethod/agent", message: PORT_REFUSALS.agent });
      return {
        type: "webhook",
        url: m.url,
        method: m.method ?? "POST",
        headers: m.headers ?? {},
        ...(m.body !== undefined ? { body: m.body } : {}),
        signed: true,
        // Port's default: the receiver reports the run's end (Portico: PATCH /api/v1/runs/{id}).
        synchronized: m.synchronized ?? false,
      };
    }
    case "GITHUB": {
      let inputs = m.workflowInputs;
      if (inputs === undefined) {
        // Port's older GITHUB backend sent every user input, plus the whole payload as `port_payload` (without the
        // run's token: workflow inputs show in GitHub's UI, and Portico follows the workflow run without it).
        inputs = {
          ...(m.omitUserInputs === true ? {} : Object.fromEntries(Object.keys(isObject(userInputs.properties) ? userInputs.properties : {}).map((k) => [k, `{{ .inputs.${JSON.stringify(k)} }}`]))),
          ...(m.omitPayload === true ? {} : { port_payload: "{{ . | del(.run.token) }}" }),
        };
      }
      return { type: "github-workflow", owner: m.org, repo: m.repo, workflow: m.workflow, ref: "main", inputs };
    }
    case "GITLAB": {
      // Port runs GitLab pipelines through its execution agent (agent: true); Portico calls GitLab's API itself
      // with the token connected in Admin → Integrations, so `agent` has nothing to say here.
      let variables = m.pipelineVariables;
      if (variables === undefined) {
        // Without pipelineVariables, Port sent every user input and the whole payload (PORT_PAYLOAD) to the pipeline.
        variables = {
          ...(m.omitUserInputs === true ? {} : Object.fromEntries(Object.keys(isObject(userInputs.properties) ? userInputs.properties : {}).map((k) => [k, `{{ .inputs.${JSON.stringify(k)} }}`]))),
          ...(m.omitPayload === true ? {} : { PORT_PAYLOAD: "{{ . | del(.run.token) }}" }),
        };
      }
      const project = [m.groupName, m.projectName].filter((p) => typeof p === "string" && p !== "").join("/");
      if (typeof m.projectName !== "string" || !m.projectName) problems.push({ path: "/invocationMethod/projectName", message: "is required: the GitLab project whose pipeline runs" });
      return { type: "gitlab-pipeline", project, ref: m.defaultRef ?? "main", variables };
    }
    case "UPSERT_ENTITY":
      return { type: "upsert-entity", blueprint: m.blueprintIdentifier, mapping: m.mapping };
    default: {
      const refusal = PORT_REFUSALS.invocation[String(m.type)];
      problems.push({ path: "/invocationMethod/type", message: refusal ?? `${JSON.stringify(m.type)} is not a Port backend Portico runs: use WEBHOOK, GITHUB, GITLAB or UPSERT_ENTITY` });
      return undefined;
    }
  }
}

function fromPortApproval(required: unknown, notification: unknown, problems: ErrorDetail[]): Json | null {
  if (isObject(notification) && notification.type === "webhook") problems.push({ path: "/approvalNotification", message: PORT_REFUSALS.approvalWebhook });
  if (required === undefined || required === false) return null;
  if (isObject(required) && required.type === "ALL") {
    problems.push({ path: "/requiredApproval/type", message: PORT_REFUSALS.approvalAll });
    return null;
  }
  if (required === true || (isObject(required) && required.type === "ANY")) {
    // Port's default approvers (its action permissions are a separate resource) are the admins.
    return { required: true, approvers: { roles: ["admin"] } };
  }
  problems.push({ path: "/requiredApproval", message: 'must be true, false or {"type": "ANY"}' });
  return null;
}

/** Every `{{ }}` template string in a value that reads Port's organization secrets. */
function secretsReferences(value: unknown, path: string): ErrorDetail[] {
  if (typeof value === "string") return /\{\{[^}]*\.secrets\b/.test(value) ? [{ path, message: PORT_REFUSALS.secrets }] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => secretsReferences(v, `${path}/${i}`));
  if (isObject(value)) return Object.entries(value).flatMap(([k, v]) => secretsReferences(v, `${path}/${k}`));
  return [];
}

/**
 * A Port action as Portico's action JSON (PRODUCT.md "Action", `templateLanguage: "jq"`), or a 400 naming every Port
 * field that has no counterpart by its Port path. What is left is checked as any action is.
 */
export function fromPortAction(port: Json): Json {
  const problems: ErrorDetail[] = [];
  const trigger = port.trigger;
  let operation: unknown;
  let blueprint: unknown = port.blueprint ?? port.blueprintIdentifier;
  let userInputs: Json;
  let condition: unknown;
  let triggerPath = "/trigger";
  if (typeof trigger === "string") {
    // The older shape: the operation is the trigger, the inputs sit beside it.
    operation = trigger;
    userInputs = fromPortUserInputs(port.userInputs, "/userInputs", problems);
  } else if (isObject(trigger)) {
    if (trigger.type === "automation") problems.push({ path: "/trigger/type", message: PORT_REFUSALS.automation });
    else if (trigger.type !== undefined && trigger.type !== "self-service") problems.push({ path: "/trigger/type", message: 'must be "self-service"' });
    operation = trigger.operation;
    blueprint = trigger.blueprintIdentifier ?? blueprint;
    userInputs = fromPortUserInputs(trigger.userInputs, "/trigger/userInputs", problems);
    condition = trigger.condition === undefined ? undefined : fromPortQuery(trigger.condition);
    triggerPath = "/trigger";
  } else {
    userInputs = { properties: {}, required: [] };
    problems.push({ path: "/trigger", message: 'is required: {"type": "self-service", "operation": "CREATE" | "DAY-2" | "DELETE", "blueprintIdentifier", "userInputs"}' });
  }
  if (trigger !== undefined && blueprint === undefined) {
    problems.push({ path: `${triggerPath}${typeof trigger === "string" ? "" : "/blueprintIdentifier"}`, message: "is required: a Portico action belongs to a blueprint (the one it creates, or whose entities it runs on)" });
  }
  const invocation = fromPortInvocation(port.invocationMethod, userInputs, problems);
  const approval = fromPortApproval(port.requiredApproval, port.approvalNotification, problems);
  if (port.publish === false) problems.push({ path: "/publish", message: PORT_REFUSALS.unpublished });
  problems.push(...secretsReferences(port.invocationMethod, "/invocationMethod"));
  if (problems.length) throw invalid("The action is invalid", problems);
  const known = new Set(["identifier", "title", "icon", "description", "trigger", "invocationMethod", "requiredApproval", "approvalNotification", "publish", "userInputs", "blueprint", "blueprintIdentifier", "allowAnyoneToViewRuns"]);
  const unknown = Object.keys(port).filter((k) => !known.has(k));
  if (unknown.length) throw invalid("The action is invalid", unknown.map((k) => ({ path: `/${k}`, message: "is not a field of Port's action JSON that Portico reads" })));
  return {
    identifier: port.identifier,
    title: port.title ?? port.identifier,
    ...(port.icon !== undefined ? { icon: port.icon } : {}),
    ...(port.description !== undefined ? { description: port.description } : {}),
    blueprint,
    operation,
    ...(condition !== undefined ? { condition } : {}),
    userInputs,
    invocation,
    ...(approval ? { approval } : {}),
    templateLanguage: "jq",
  };
}

/** Port spells the JSON Schema of a template back as `{jqQuery}`. */
const templateToJq = (v: unknown): unknown => {
  const m = typeof v === "string" ? /^\s*\{\{([\s\S]+?)\}\}\s*$/.exec(v) : null;
  return m ? { jqQuery: m[1]!.trim() } : v;
};

/**
 * A Portico action as Port's action JSON. What Port cannot say is listed in `warnings` (never silently dropped):
 * approvers other than the admins, an unsigned webhook, a workflow ref other than the default branch; an action
 * Port cannot run as it is (an invocation type Port has no backend for, JSONata templates) is left out, with why.
 */
export function toPortAction(a: ActionJson): { action?: Json; warnings: string[] } {
  const warnings: string[] = [];
  const at = `action ${a.identifier}`;
  const inv = a.invocation as Json & { type: string };
  let invocationMethod: Json;
  switch (inv.type) {
    case "webhook":
      if (inv.signed === false) warnings.push(`${at}: Port signs every webhook (signed: false is not kept)`);
      invocationMethod = {
        type: "WEBHOOK",
        url: inv.url,
        agent: false,
        synchronized: inv.synchronized,
        method: inv.method,
        headers: inv.headers,
        ...(inv.body !== undefined ? { body: inv.body } : {}),
      };
      break;
    case "github-workflow":
      if (inv.ref !== "main") warnings.push(`${at}: Port runs workflows on the default branch (ref ${String(inv.ref)} is not kept)`);
      invocationMethod = { type: "GITHUB", org: inv.owner, repo: inv.repo, workflow: inv.workflow, workflowInputs: inv.inputs, reportWorkflowStatus: true };
      break;
    case "gitlab-pipeline": {
      const path = String(inv.project);
      const slash = path.lastIndexOf("/");
      if (slash < 0) {
        warnings.push(`${at}: Port names a GitLab project by group and project name, not by id (${path}); the action is left out (use the project's path to export it)`);
        return { warnings };
      }
      invocationMethod = { type: "GITLAB", agent: true, groupName: path.slice(0, slash), projectName: path.slice(slash + 1), defaultRef: inv.ref, pipelineVariables: inv.variables };
      break;
    }
    case "upsert-entity":
      invocationMethod = { type: "UPSERT_ENTITY", blueprintIdentifier: inv.blueprint, mapping: inv.mapping };
      break;
    default:
      warnings.push(`${at}: Port has no backend for ${inv.type} invocations; the action is left out`);
      return { warnings };
  }
  if (a.templateLanguage !== "jq" && JSON.stringify([a.invocation, a.userInputs]).includes("{{")) {
    // Port would run them as jq and send something else: rewritten by hand, or not at all.
    warnings.push(`${at}: its templates are JSONata and Port reads jq; the action is left out (rewrite its templates in jq, templateLanguage "jq", to export it)`);
    return { warnings };
  }
  const approvers = a.approval?.approvers ?? {};
  if (a.approval?.required && (approvers.teams?.length || approvers.users?.length || approvers.roles?.some((r) => r !== "admin"))) {
    warnings.push(`${at}: its approvers are set in Port's action permissions, not in the action JSON`);
  }
  if (a.permissions) warnings.push(`${at}: who may run it is set in Port's action permissions, not in the action JSON`);
  const properties = Object.fromEntries(
    Object.entries(a.userInputs.properties).map(([k, schema]) => {
      const out: Json = { ...schema };
      if (out.format === "secret") {
        delete out.format;
        out.encryption = "aes256-gcm";
      }
      if (a.templateLanguage === "jq" && out.default !== undefined) out.default = templateToJq(out.default);
      return [k, out];
    }),
  );
  const userInputs: Json = { properties, required: a.userInputs.required };
  if (a.userInputs.order) userInputs.order = a.userInputs.order;
  const steps = (a.userInputs as { steps?: { title: string; properties: string[] }[] }).steps;
  if (steps) userInputs.steps = steps.map((s) => ({ title: s.title, order: s.properties }));
  return {
    action: {
      identifier: a.identifier,
      title: a.title,
      ...(a.icon ? { icon: a.icon } : {}),
      ...(a.description ? { description: a.description } : {}),
      trigger: {
        type: "self-service",
        operation: a.operation,
        blueprintIdentifier: a.blueprint,
        userInputs,
        ...(a.condition ? { condition: { type: "SEARCH", ...(a.condition as Json) } } : {}),
      },
      invocationMethod,
      requiredApproval: a.approval?.required ? { type: "ANY" } : false,
    },
    warnings,
  };
}

/** Where a Portico field of a translated action sits in the Port JSON it came from. */
const PORT_PATHS: [RegExp, (oldShape: boolean) => string][] = [
  [/^\/invocation\/owner/, () => "/invocationMethod/org"],
  [/^\/invocation\/inputs/, () => "/invocationMethod/workflowInputs"],
  [/^\/invocation\/blueprint/, () => "/invocationMethod/blueprintIdentifier"],
  [/^\/invocation\/project/, () => "/invocationMethod/projectName"],
  [/^\/invocation\/ref/, () => "/invocationMethod/defaultRef"],
  [/^\/invocation\/variables/, () => "/invocationMethod/pipelineVariables"],
  [/^\/invocation/, () => "/invocationMethod"],
  [/^\/userInputs/, (old) => (old ? "/userInputs" : "/trigger/userInputs")],
  [/^\/blueprint/, (old) => (old ? "/blueprint" : "/trigger/blueprintIdentifier")],
  [/^\/operation/, (old) => (old ? "/trigger" : "/trigger/operation")],
  [/^\/condition/, () => "/trigger/condition"],
  [/^\/approval/, () => "/requiredApproval"],
];

/** A 400 about the translated action, its paths pointing into the Port JSON the admin sent. */
export function withPortPaths(error: unknown, port: Json): unknown {
  if (!(error instanceof Error) || !("code" in error) || (error as { code?: string }).code !== "VALIDATION") return error;
  const details = (error as { details?: ErrorDetail[] }).details;
  if (!details) return error;
  const old = typeof port.trigger === "string";
  const mapped = details.map((d) => {
    const rule = PORT_PATHS.find(([re]) => re.test(d.path));
    return rule ? { ...d, path: d.path.replace(rule[0], rule[1](old)) } : d;
  });
  return invalid(error.message, mapped);
}
