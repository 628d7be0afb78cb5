import { afterEach } from "vitest";
import { observeResponses } from "@/server/api/contract/observers";
import { errorStatuses, type Operation } from "@/server/api/contract/operation";
import { errorSchema } from "@/server/api/contract/schemas";

/**
 * Every answer a REST operation gives in any test is held against what the operation declares (the same
 * declaration the OpenAPI document is generated from): its status is a declared response or one of the
 * errors its kind can answer, a JSON body matches the declared schema (strictly: no undeclared fields),
 * an error body is the one error shape. A mismatch fails the test that received it.
 */
const pending: Promise<string | null>[] = [];

export async function checkResponse(op: Operation, response: Response): Promise<string | null> {
  const at = `${op.method} ${op.path} → ${response.status}`;
  const declared = op.responses[response.status];
  const isError = response.status >= 400;
  if (!declared && !(isError && (errorStatuses(op).includes(response.status) || response.status === 500))) return `${at}: the status is not declared`;
  const type = response.headers.get("content-type") ?? "";
  if (response.status === 204 || (!isError && declared?.contentType)) {
    // A declared range (`image/*`) admits any type of it.
    if (declared?.contentType && !type.startsWith(declared.contentType.split(";")[0]!.replace(/\*$/, ""))) return `${at}: content-type ${type}, declared ${declared.contentType}`;
    return null;
  }
  if (!type.startsWith("application/json")) return `${at}: content-type ${type}, not JSON`;
  const body: unknown = JSON.parse(await response.text());
  const schema = isError && !declared ? errorSchema : declared?.schema;
  if (!schema) return null;
  const parsed = schema.safeParse(body);
  if (parsed.success) return null;
  return `${at}: the body does not match the declared schema: ${parsed.error.issues
    .slice(0, 5)
    .map((i) => `/${i.path.join("/")} ${i.message}`)
    .join("; ")}`;
}

observeResponses((op, response) => pending.push(checkResponse(op, response.clone())));

afterEach(async () => {
  const problems = (await Promise.all(pending.splice(0))).filter((p): p is string => p !== null);
  if (problems.length) throw new Error(`Answers that differ from the API contract:\n${[...new Set(problems)].join("\n")}`);
});
