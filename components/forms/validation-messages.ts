/**
 * JSON Schema validation errors in the words people use, for the server's 400 details and the browser's
 * forms alike (ajv's own say `must match pattern "^[a-z][a-z0-9-]{2,40}$"` or `must NOT have fewer than 3
 * characters`). A pattern is never shown: the field's description, written for people, says what fits.
 */
type Params = Record<string, unknown>;
type FieldSchema = object | undefined;

const plural = (n: unknown, one: string, many = `${one}s`) => `${String(n)} ${Number(n) === 1 ? one : many}`;

export function validationMessage(keyword: string, params: Params, field?: FieldSchema): string | undefined {
  switch (keyword) {
    case "required":
      return "is required";
    case "minLength":
      return Number(params.limit) === 1 ? "must not be empty" : `needs at least ${plural(params.limit, "character")}`;
    case "maxLength":
      return `must be at most ${plural(params.limit, "character")}`;
    case "minimum":
      return `must be at least ${String(params.limit)}`;
    case "maximum":
      return `must be at most ${String(params.limit)}`;
    case "exclusiveMinimum":
      return `must be more than ${String(params.limit)}`;
    case "exclusiveMaximum":
      return `must be less than ${String(params.limit)}`;
    case "multipleOf":
      return `must be a multiple of ${String(params.multipleOf)}`;
    case "minItems":
      return `needs at least ${plural(params.limit, "item")}`;
    case "maxItems":
      return `must have at most ${plural(params.limit, "item")}`;
    case "uniqueItems":
      return "must not list the same value twice";
    case "minProperties":
      return `needs at least ${plural(params.limit, "entry", "entries")}`;
    case "const":
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case "pattern": {
      const description = (field as { description?: unknown } | undefined)?.description;
      return typeof description === "string" && description ? `does not fit: ${description}` : "is not in the expected form";
    }
    case "enum":
      return `must be one of ${((params.allowedValues as unknown[] | undefined) ?? []).filter((v) => v !== null).join(", ")}`;
    case "type": {
      const words: Record<string, string> = { string: "a string", number: "a number", integer: "a whole number", boolean: "true or false", array: "a list", object: "an object", null: "empty" };
      return `must be ${String(params.type).split(",").filter((t) => t !== "null").map((t) => words[t] ?? t).join(" or ")}`;
    }
    case "format":
      return params.format === "uri" || params.format === "url" ? "must be an http(s) or mailto: URL" : `must be a valid ${String(params.format)}`;
    default:
      return undefined;
  }
}
