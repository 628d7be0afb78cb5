import { z } from "zod";
import { queryField } from "../catalog/query";
import { jsonSchemaProblem } from "../catalog/validation";
import { invalid, zodDetails, type ErrorDetail } from "../errors";
import { identifierSchema } from "../identity/teams";
import { inputsJsonSchema, visibleProblems, type UserInputs } from "./form";
import { templateProblems } from "./templates";


const names = z.array(z.string().min(1).max(200)).max(200);
const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });

/** PRODUCT.md "Invocation": where a run goes. Payload values may be templates over {inputs, entity, user, run, action}. */
export const invocationSchema = z.discriminatedUnion("type", [
  z
    .object({
      type: z.literal("github-workflow"),
      owner: z.string().min(1).max(100),
      repo: z.string().min(1).max(100),
      workflow: z.string().min(1).max(200),
      ref: z.string().min(1).max(200).default("main"),
      inputs: z.record(z.string(), z.unknown()).default({}),
    })
    .strict(),
  z
    .object({
      type: z.literal("gitlab-pipeline"),
      /** The project's numeric id or its full path ("group/subgroup/project"). */
      project: z.string().min(1).max(500),
      ref: z.string().min(1).max(200).default("main"),
      /** CI/CD variables of the pipeline; PORTICO_RUN_ID and PORTICO_RUN_URL are added. */
      variables: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,254}$/, { error: "must be a CI/CD variable name: letters, digits and _" }), z.unknown()).default({}),
    })
    .strict(),
  z
    .object({
      type: z.literal("kubernetes-job"),
      cluster: z.string().min(1).max(100),
      namespace: z.string().min(1).max(63),
      jobTemplate: z.record(z.string(), z.unknown()),
    })
    .strict(),
  z
    .object({
      type: z.literal("webhook"),
      url: httpUrl,
      method: z.enum(["POST", "PUT", "PATCH", "DELETE", "GET"]).default("POST"),
      headers: z.record(z.string(), z.string()).default({}),
      body: z.unknown().optional(),
      signed: z.boolean().default(true),
      /** true: the response decides the run (2xx SUCCESS, else FAILURE); false: the receiver reports back through the REST API. */
      synchronized: z.boolean().default(true),
    })
    .strict(),
  z
    .object({
      type: z.literal("upsert-entity"),
      blueprint: identifierSchema,
      mapping: z.record(z.string(), z.unknown()),
    })
    .strict(),
  /** Beyond PRODUCT.md: the "create a service from a template" golden path in one step. */
  z
    .object({
      type: z.literal("github-repository"),
      templateOwner: z.string().min(1).max(100),
      templateRepo: z.string().min(1).max(100),
      owner: z.string().min(1).max(100),
      name: z.string().min(1).max(200),
      description: z.string().max(500).optional(),
      private: z.union([z.boolean(), z.string()]).default(true),
      /** Written to the new repository's root as catalog-info.yaml. */
      catalogInfo: z.string().max(20_000).optional(),
      /** The entity registered once the repository exists. */
      register: z.object({ blueprint: identifierSchema, mapping: z.record(z.string(), z.unknown()) }).strict().optional(),
    })
    .strict(),
]);

export const actionInputSchema = z
  .object({
    identifier: identifierSchema,
    title: z.string().trim().min(1).max(200),
    icon: z.string().max(100).nullish(),
    description: z.string().max(2000).nullish(),
    blueprint: identifierSchema,
    operation: z.enum(["CREATE", "DAY-2", "DELETE"]),
    condition: queryField.nullish(),
    userInputs: z
      .object({
        properties: z.record(identifierSchema, z.record(z.string(), z.unknown())).default({}),
        required: z.array(z.string()).default([]),
        order: z.array(z.string()).optional(),
        steps: z
          .array(z.object({ title: z.string().trim().min(1).max(100), properties: z.array(z.string()).min(1) }).strict())
          .max(10)
          .optional(),
      })
      .strict()
      .default({ properties: {}, required: [] }),
    invocation: invocationSchema,
    approval: z
      .object({ required: z.boolean(), approvers: z.object({ roles: names.optional(), teams: names.optional(), users: names.optional() }).strict().default({}) })
      .strict()
      .nullish(),
    permissions: z
      .object({ execute: z.object({ roles: names.optional(), teams: names.optional(), ownerTeam: z.boolean().optional() }).strict() })
      .strict()
      .nullish(),
    /** The language of the `{{ }}` templates (invocation and input defaults): JSONata, or jq as Port writes them. */
    templateLanguage: z.enum(["jsonata", "jq"]).default("jsonata"),
  })
  .strict();

export type ActionInput = z.output<typeof actionInputSchema>;
/** One invocation setting, by its `type` (each has its target in server/actions/targets). */
export type Invocation = z.output<typeof invocationSchema>;
/** What a client writes (defaults may be left out). */
export type ActionDraft = z.input<typeof actionInputSchema>;

/** Checks across fields: the inputs' JSON Schema compiles, required/order name declared inputs, conditions only where an entity exists. */
function crossFieldProblems(a: ActionInput): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const declared = Object.keys(a.userInputs.properties);
  a.userInputs.required.forEach((r, i) => {
    if (!declared.includes(r)) problems.push({ path: `/userInputs/required/${i}`, message: `${r} is not an input` });
  });
  a.userInputs.order?.forEach((r, i) => {
    if (!declared.includes(r)) problems.push({ path: `/userInputs/order/${i}`, message: `${r} is not an input` });
  });
  for (const [key, schema] of Object.entries(a.userInputs.properties)) {
    const problem = jsonSchemaProblem(schema);
    if (problem) problems.push({ path: `/userInputs/properties/${key}`, message: `is not a valid JSON Schema: ${problem}` });
    if (schema.format === "entity" && typeof schema.blueprint !== "string") {
      problems.push({ path: `/userInputs/properties/${key}/blueprint`, message: "an entity picker names the blueprint it picks from" });
    }
  }
  for (const [key, schema] of Object.entries(a.userInputs.properties)) {
    const others = declared.filter((d) => d !== key);
    if (schema.visible !== undefined) problems.push(...visibleProblems(schema.visible, others, `/userInputs/properties/${key}/visible`));
    if (schema.dependsOn !== undefined) {
      if (!Array.isArray(schema.dependsOn)) problems.push({ path: `/userInputs/properties/${key}/dependsOn`, message: "must be a list of inputs" });
      else
        schema.dependsOn.forEach((d, i) => {
          if (!others.includes(d as string)) problems.push({ path: `/userInputs/properties/${key}/dependsOn/${i}`, message: "must name another input" });
        });
    }
  }
  if (a.userInputs.steps) {
    const placed = a.userInputs.steps.flatMap((s) => s.properties);
    a.userInputs.steps.forEach((step, i) =>
      step.properties.forEach((p, j) => {
        if (!declared.includes(p)) problems.push({ path: `/userInputs/steps/${i}/properties/${j}`, message: `${p} is not an input` });
      }),
    );
    for (const d of declared) {
      const count = placed.filter((p) => p === d).length;
      if (count !== 1) problems.push({ path: "/userInputs/steps", message: `${d} must be in exactly one step` });
    }
  }
  if (!problems.length) {
    const assembled = jsonSchemaProblem(inputsJsonSchema(a.userInputs as UserInputs));
    if (assembled) problems.push({ path: "/userInputs", message: `do not make a valid JSON Schema together: ${assembled}` });
  }
  // jq compiles only in the sandbox: checked asynchronously on save (service.ts).
  if (a.templateLanguage === "jsonata") problems.push(...templateProblems(a.invocation, "/invocation"));
  if (a.operation === "CREATE" && a.condition) problems.push({ path: "/condition", message: "applies to DAY-2 and DELETE actions, which run on an entity" });
  if (a.approval?.required && !Object.values(a.approval.approvers).some((list) => list?.length)) {
    problems.push({ path: "/approval/approvers", message: "name at least one role, team or user who can approve" });
  }
  return problems;
}

export function parseAction(input: unknown): ActionInput {
  const parsed = actionInputSchema.safeParse(input);
  if (!parsed.success) throw invalid("The action is invalid", zodDetails(parsed.error));
  const problems = crossFieldProblems(parsed.data);
  if (problems.length) throw invalid("The action is invalid", problems);
  return parsed.data;
}
