import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import ajvErrorsModule from "ajv-errors";
import addFormatsModule from "ajv-formats";
import type { BlueprintProperty, BlueprintRelation, BlueprintSchema } from "@/db/schema/catalog";
import { isLinkUrl } from "@/components/catalog/link-url";
import { validationMessage } from "@/components/forms/validation-messages";
import type { ErrorDetail } from "../errors";

// ajv-formats is CommonJS with a default export; under ESM interop it may arrive wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as typeof addFormatsModule;
const ajvErrors = ((ajvErrorsModule as unknown as { default?: typeof ajvErrorsModule }).default ?? ajvErrorsModule) as typeof ajvErrorsModule;

// `verbose`: an error carries its schema, whose description says what a pattern wants (validation-messages.ts).
const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false, verbose: true });
addFormats(ajv, ["email", "date-time", "ipv4", "ipv6"]);
// `errorMessage` (ajv-errors): the words a schema's author chose for a field that does not fit, in place of ours.
ajvErrors(ajv);
// Links are web or mail links: a `javascript:` or `data:` URL is refused at write, whatever renders it later.
ajv.addFormat("uri", isLinkUrl);
ajv.addFormat("url", isLinkUrl);
// Free-text formats the UI renders specially; any string is valid.
for (const format of ["markdown", "yaml", "user", "team", "entity", "secret", "proto"]) ajv.addFormat(format, true);

// Port's `timer` is a moment something expires: a date-time.
const formatMap: Record<string, string> = { url: "uri", timer: "date-time" };

/**
 * The JSON Schema an entity's `properties` are checked with: by ajv on the server, and by the
 * generated form (@rjsf/core) in the browser, so both apply the same rules. Optional properties may be null.
 */
export function propertiesJsonSchema(schema: BlueprintSchema) {
  const properties = Object.fromEntries(
    Object.entries(schema.properties).map(([id, p]) => [id, propertyJsonSchema(p, schema.required.includes(id))]),
  );
  return { type: "object", properties, required: schema.required, additionalProperties: false };
}

/**
 * The same schema for the generated entity form: an optional enum's `null` (which lets the API clear the
 * value) is left out of its choices, since the form's own empty choice means "none" and a `null` option read as text.
 */
export function propertiesFormSchema(schema: BlueprintSchema) {
  const json = propertiesJsonSchema(schema);
  const properties = Object.fromEntries(
    Object.entries(json.properties).map(([id, p]) => [id, Array.isArray(p.enum) ? { ...p, enum: (p.enum as unknown[]).filter((v) => v !== null) } : p]),
  );
  return { ...json, properties };
}

function propertyJsonSchema(p: BlueprintProperty, required: boolean) {
  const s: Record<string, unknown> = { type: required ? p.type : [p.type, "null"] };
  if (p.title) s.title = p.title;
  if (p.description) s.description = p.description;
  if (p.default !== undefined) s.default = p.default;
  if (p.format) s.format = formatMap[p.format] ?? p.format;
  if (p.enum) s.enum = required ? p.enum : [...p.enum, null];
  if (p.pattern) s.pattern = p.pattern;
  if (p.minimum !== undefined) s.minimum = p.minimum;
  if (p.maximum !== undefined) s.maximum = p.maximum;
  if (p.items) s.items = p.items;
  return s;
}

const cache = new Map<string, ValidateFunction>();

/** Compiled validators, cached by the schema's text (a changed blueprint or action compiles anew). */
function validatorFor(jsonSchema: object): ValidateFunction {
  const key = JSON.stringify(jsonSchema);
  let validate = cache.get(key);
  if (!validate) {
    validate = ajv.compile(jsonSchema);
    if (cache.size > 500) cache.clear();
    cache.set(key, validate);
  }
  return validate;
}

function describe(e: ErrorObject, prefix: string, unknownKey: string): ErrorDetail {
  const base = `${prefix}${e.instancePath}`;
  switch (e.keyword) {
    case "required":
      return { path: `${base}/${e.params.missingProperty}`, message: "is required" };
    case "additionalProperties":
      return { path: `${base}/${e.params.additionalProperty}`, message: unknownKey };
    case "not":
      return { path: base, message: "is not allowed here" };
    case "if":
      return { path: base, message: "" };
    case "errorMessage":
      return { path: base, message: e.message ?? "is invalid" };
    default:
      return { path: base, message: validationMessage(e.keyword, e.params, e.parentSchema as { description?: unknown } | undefined) ?? e.message ?? "is invalid" };
  }
}

// A bulk write checks up to 1,000 entities against one blueprint row: its validator is looked up once
// per row object, not rebuilt and serialised per entity (which took a tenth of a bulk write's time).
const propertyValidators = new WeakMap<BlueprintSchema, ValidateFunction>();

/** Validates properties against the blueprint; errors carry JSON-pointer paths into the entity. */
export function validateProperties(schema: BlueprintSchema, properties: Record<string, unknown>): ErrorDetail[] {
  let validate = propertyValidators.get(schema);
  if (!validate) {
    validate = validatorFor(propertiesJsonSchema(schema));
    propertyValidators.set(schema, validate);
  }
  return validationErrors(validate, properties, "/properties", "is not a property of this blueprint");
}

/** Validates a value against a JSON Schema; errors carry JSON-pointer paths under `prefix`. */
export function validateJson(jsonSchema: object, value: unknown, prefix: string, unknownKey = "is not allowed"): ErrorDetail[] {
  return validationErrors(validatorFor(jsonSchema), value, prefix, unknownKey);
}

function validationErrors(validate: ValidateFunction, value: unknown, prefix: string, unknownKey: string): ErrorDetail[] {
  if (validate(value)) return [];
  const seen = new Set<string>();
  return (validate.errors ?? [])
    .map((e) => describe(e, prefix, unknownKey))
    .filter((d) => {
      const key = `${d.path} ${d.message}`;
      // "must match then schema" repeats the error inside `then`.
      return d.message === "" || seen.has(key) ? false : (seen.add(key), true);
    });
}

/** Checks relation shapes (one → id, many → ids) and required relations; target existence is checked by the caller. */
export function validateRelationShapes(
  relations: Record<string, BlueprintRelation>,
  values: Record<string, unknown>,
): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  for (const [key, value] of Object.entries(values)) {
    const def = relations[key];
    const path = `/relations/${key}`;
    if (!def) {
      errors.push({ path, message: "is not a relation of this blueprint" });
      continue;
    }
    if (value === null) continue;
    if (def.many) {
      if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) errors.push({ path, message: "must be a list of entity identifiers" });
    } else if (typeof value !== "string") {
      errors.push({ path, message: "must be an entity identifier" });
    }
  }
  for (const [key, def] of Object.entries(relations)) {
    const v = values[key];
    if (def.required && (v === undefined || v === null || (Array.isArray(v) && v.length === 0))) {
      errors.push({ path: `/relations/${key}`, message: "is required" });
    }
  }
  return errors;
}

/** Relation targets as (blueprint, identifier) pairs, for one existence query. */
export function relationTargets(relations: Record<string, BlueprintRelation>, values: Record<string, unknown>) {
  const targets: { relation: string; blueprint: string; identifier: string }[] = [];
  for (const [key, value] of Object.entries(values)) {
    const def = relations[key];
    if (!def || value === null || value === undefined) continue;
    for (const id of Array.isArray(value) ? value : [value]) {
      if (typeof id === "string") targets.push({ relation: key, blueprint: def.target, identifier: id });
    }
  }
  return targets;
}

/** Whether ajv accepts a JSON Schema (an action's user inputs): the compile error's message, or null. */
export function jsonSchemaProblem(schema: object): string | null {
  try {
    ajv.compile(schema);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
