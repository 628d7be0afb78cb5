import type { ErrorDetail } from "../errors";
import type { JsonValue } from "../catalog/query";

/**
 * An action's user inputs as one JSON Schema: what the browser's form (rjsf) renders and what the
 * server validates with ajv, so both agree on every field.
 *
 * Portico keywords on an input:
 * - `format: "entity"` with `blueprint` (and optional `dataset`, a Query): an entity picker; the value is an identifier.
 * - `format: "team"` / `format: "user"`: a team id / a user's email.
 * - `format: "secret"`: a secret; the server encrypts it, masks it everywhere and forgets it when the run ends.
 * - `visible`: a condition over other inputs (`{property, operator: "=" | "!=" | "in" | "isEmpty" | "isNotEmpty", value}`,
 *   or `{combinator, rules}` of those); the field exists only while it holds. It becomes JSON Schema `if/then`.
 * - `dependsOn: [input…]`: the field waits (disabled) until those inputs have values, and is cleared when they change.
 * `userInputs.steps: [{title, properties}]` splits the form into steps; a review step always comes last.
 */
export type InputSchema = Record<string, unknown> & { visible?: unknown; dependsOn?: string[]; format?: string; blueprint?: string };
export type UserInputs = { properties: Record<string, InputSchema>; required: string[]; order?: string[]; steps?: { title: string; properties: string[] }[] };

type VisibleCondition = { property: string; operator: "=" | "!=" | "in" | "isEmpty" | "isNotEmpty"; value?: JsonValue };
type Visible = VisibleCondition | { combinator: "and" | "or"; rules: Visible[] };

const EMPTY: JsonValue[] = ["", null, [], {}];

/** Checks a `visible` condition; returns problems with paths relative to it. */
export function visibleProblems(visible: unknown, inputs: string[], path: string): ErrorDetail[] {
  if (!visible || typeof visible !== "object") return [{ path, message: "must be a condition over other inputs" }];
  const v = visible as Record<string, unknown>;
  if ("combinator" in v) {
    if (v.combinator !== "and" && v.combinator !== "or") return [{ path: `${path}/combinator`, message: "must be and or or" }];
    if (!Array.isArray(v.rules)) return [{ path: `${path}/rules`, message: "must be a list of conditions" }];
    return v.rules.flatMap((r, i) => visibleProblems(r, inputs, `${path}/rules/${i}`));
  }
  const problems: ErrorDetail[] = [];
  if (typeof v.property !== "string" || !inputs.includes(v.property)) problems.push({ path: `${path}/property`, message: "must name another input" });
  if (!["=", "!=", "in", "isEmpty", "isNotEmpty"].includes(v.operator as string)) {
    problems.push({ path: `${path}/operator`, message: "must be =, !=, in, isEmpty or isNotEmpty" });
  }
  if (v.operator === "in" && !Array.isArray(v.value)) problems.push({ path: `${path}/value`, message: "must be a list" });
  return problems;
}

/** A `visible` condition as the JSON Schema that holds exactly when the condition does. */
function conditionSchema(visible: Visible): Record<string, unknown> {
  if ("combinator" in visible) return { [visible.combinator === "and" ? "allOf" : "anyOf"]: visible.rules.map(conditionSchema) };
  const { property, operator, value } = visible;
  const present = (schema: Record<string, unknown>) => ({ properties: { [property]: schema }, required: [property] });
  switch (operator) {
    case "=":
      return present({ const: value });
    case "!=":
      return { not: present({ const: value }) };
    case "in":
      return present({ enum: value as JsonValue[] });
    case "isNotEmpty":
      return present({ not: { enum: EMPTY } });
    case "isEmpty":
      return { not: present({ not: { enum: EMPTY } }) };
  }
}

/** An input's schema without Portico's keywords (which ajv and rjsf would not know). */
function plainInput(schema: InputSchema): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...schema };
  for (const key of ["visible", "dependsOn", "dataset"]) delete rest[key];
  return rest;
}

/** The one JSON Schema of an action's inputs (see above). Hidden fields may not be sent. */
export function inputsJsonSchema(userInputs: UserInputs): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  const conditional: Record<string, unknown>[] = [];
  const order = [...(userInputs.order ?? []), ...Object.keys(userInputs.properties).filter((k) => !userInputs.order?.includes(k))];
  const required = userInputs.required.filter((r) => !userInputs.properties[r]?.visible);
  for (const key of order) {
    const schema = userInputs.properties[key]!;
    if (schema.visible) {
      conditional.push({
        if: conditionSchema(schema.visible as Visible),
        then: { properties: { [key]: plainInput(schema) }, required: userInputs.required.includes(key) ? [key] : [] },
        else: { not: { required: [key] } },
      });
    } else properties[key] = plainInput(schema);
  }
  return {
    type: "object",
    properties,
    required,
    ...(conditional.length ? { allOf: conditional } : {}),
    // Hidden conditional fields are declared in `then`; anything else is unknown.
    ...(conditional.length ? {} : { additionalProperties: false }),
  };
}

/** Inputs that are secrets (`format: "secret"`). */
export function secretInputs(userInputs: UserInputs): string[] {
  return Object.entries(userInputs.properties)
    .filter(([, s]) => s.format === "secret")
    .map(([k]) => k);
}

export const SECRET_MASK = "••••••••";
