import jsonata from "jsonata";
import { DomainError } from "../errors";
import { evaluateInSandbox, type SandboxLanguage } from "./template-sandbox";

/**
 * Payload templates: any string in an invocation may hold `{{ <JSONata expression> }}` over
 * `{inputs, entity, user, run, action}`. A string that is exactly one expression takes the
 * expression's value (a number stays a number, an object an object); otherwise each expression
 * is written into the string. JSONata has no access to the process, the file system or the
 * network, and every expression is evaluated in a worker thread with its own heap and a deadline
 * (template-sandbox.ts), so no template — an admin's, or one a member's inputs reach through a dry
 * run or a form default — can exhaust the server's memory or hold its event loop.
 *
 * An action's templates are JSONata, or jq (`templateLanguage: "jq"`, as Port writes them:
 * `{{ .inputs.name }}`). jq sees the same context plus Port's names for the requester,
 * `.trigger.by.user.email` and `.trigger.operation`, so a Port action's templates run as written.
 */
export type TemplateContext = {
  inputs: Record<string, unknown>;
  entity: Record<string, unknown> | null;
  user: { id: string; email?: string; name?: string | null; teams: string[] };
  run: { id: string; url: string; token?: string };
  action: { identifier: string; title: string; blueprint: string; operation?: string };
};

export type TemplateLanguage = SandboxLanguage;

/** What a jq template sees: the context, and Port's `trigger` (who asked, for which operation, when). */
function jqContext(context: TemplateContext) {
  return {
    ...context,
    trigger: { by: { user: { id: context.user.id, email: context.user.email, name: context.user.name, teams: context.user.teams } }, operation: context.action.operation, at: new Date().toISOString() },
  };
}

/** A template that cannot be read or evaluated: a 400 naming the template's path (never a 500). */
export class TemplateError extends DomainError {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super("VALIDATION", `${path || "/"}: ${message}`, [{ path: path || "/", message }]);
    this.name = "TemplateError";
  }
}

const whole = /^\s*\{\{([\s\S]+?)\}\}\s*$/;
const embedded = /\{\{([\s\S]+?)\}\}/g;
async function evaluate(expression: string, context: TemplateContext, path: string, language: TemplateLanguage): Promise<unknown> {
  const outcome = await evaluateInSandbox(expression.trim(), language === "jq" ? jqContext(context) : context, language);
  if (outcome.kind === "ok") return outcome.value;
  if (outcome.kind === "syntax") throw new TemplateError(path, `cannot read the expression {{${expression}}}: ${outcome.message}`);
  throw new TemplateError(path, `the expression {{${expression}}} failed: ${outcome.message}`);
}

function text(value: unknown): string {
  if (value === undefined || value === null) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Renders every template in `value` (strings, nested in objects and arrays; keys are left as they are). */
export async function renderTemplate(value: unknown, context: TemplateContext, path = "", language: TemplateLanguage = "jsonata"): Promise<unknown> {
  if (typeof value === "string") {
    const single = whole.exec(value);
    if (single && !single[1]!.includes("}}")) return evaluate(single[1]!, context, path, language);
    const parts: string[] = [];
    let last = 0;
    for (const match of value.matchAll(embedded)) {
      parts.push(value.slice(last, match.index), text(await evaluate(match[1]!, context, path, language)));
      last = match.index + match[0].length;
    }
    parts.push(value.slice(last));
    return parts.join("");
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const [i, item] of value.entries()) out.push(await renderTemplate(item, context, `${path}/${i}`, language));
    return out;
  }
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const rendered = await renderTemplate(item, context, `${path}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`, language);
      if (rendered !== undefined) out[key] = rendered;
    }
    return out;
  }
  return value;
}

/** Every `{{ }}` expression in `value` with the JSON pointer of the string that holds it. */
export function templateExpressions(value: unknown, path = ""): { path: string; expression: string }[] {
  if (typeof value === "string") return [...value.matchAll(embedded)].map((m) => ({ path: path || "/", expression: m[1]! }));
  if (Array.isArray(value)) return value.flatMap((item, i) => templateExpressions(item, `${path}/${i}`));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, item]) => templateExpressions(item, `${path}/${k}`));
  return [];
}

/** Every JSONata expression in `value` that does not parse, with its JSON pointer: for checking a definition on save. */
export function templateProblems(value: unknown, path = ""): { path: string; message: string }[] {
  return templateExpressions(value, path).flatMap(({ path, expression }) => {
    try {
      jsonata(expression.trim());
      return [];
    } catch (error) {
      return [{ path, message: `cannot read the expression {{${expression}}}: ${(error as { message?: string }).message ?? error}` }];
    }
  });
}

/**
 * Every jq expression in `value` that jq cannot compile. jq compiles only in the sandbox (jq-wasm), so each is
 * run once over an empty context there: a compile error is a problem, anything else (a null, a runtime error
 * over empty inputs) is not.
 */
export async function jqTemplateProblems(value: unknown, path = ""): Promise<{ path: string; message: string }[]> {
  const problems: { path: string; message: string }[] = [];
  for (const { path: at, expression } of templateExpressions(value, path)) {
    const outcome = await evaluateInSandbox(expression.trim(), {}, "jq");
    if (outcome.kind === "syntax") problems.push({ path: at, message: `cannot read the jq expression {{${expression}}}: ${outcome.message}` });
  }
  return problems;
}
