import { z, type ZodObject, type ZodType } from "zod";
import { MAX_BODY_BYTES } from "../../http";
import { allOperations } from "../operations";
import { errorStatuses, type Operation } from "./operation";
import { errorSchema } from "./schemas";

/**
 * The OpenAPI 3.1 document of the API, generated from the operation declarations (served at
 * /api/v1/openapi.json, rendered at /api-docs). Schemas with an `id` become components; everything
 * else is inlined where it is used.
 */

type JsonSchema = Record<string, unknown>;

const errorDescriptions: Record<number, string> = {
  400: "Invalid input: `details` lists each problem with its JSON-pointer path. Nothing was written.",
  401: "Missing, unknown or revoked credentials",
  403: "The caller's role or teams may not do this",
  404: "Not found",
  409: "Conflicts with the current state (the message says which)",
  413: "The body is larger than the operation reads",
  429: "Over PORTICO_API_RATE_LIMIT requests a minute for this token (or address); nothing was done",
  503: "Not ready",
};

const accessNote: Record<Operation["auth"], (op: Operation) => string> = {
  token: (op) => (op.role === "admin" ? "Admin tokens only." : "Any API token; the service checks team ownership and action permissions."),
  run: () => "The run's own token or an admin token.",
  session: (op) => `The portal's signed-in ${op.role === "admin" ? "admin" : "user"} (session cookie).`,
  none: () => "No authentication.",
};

const security: Record<Operation["auth"], object[]> = {
  token: [{ bearer: [] }],
  run: [{ bearer: [] }],
  session: [{ session: [] }],
  none: [],
};

class SchemaCollector {
  readonly components: Record<string, JsonSchema> = {};
  private readonly sources = new Map<string, string>();

  /** The JSON Schema of `schema` as a request (`input`) or response (`output`) sees it; named parts become components. */
  convert(schema: ZodType, io: "input" | "output"): JsonSchema {
    const converted = z.toJSONSchema(schema, {
      target: "draft-2020-12",
      io,
      unrepresentable: "any",
      override: ({ jsonSchema, zodSchema }) => {
        // A Date travels as ISO 8601 text.
        if (zodSchema._zod.def.type === "date") Object.assign(jsonSchema, { type: "string", format: "date-time" });
        // The format says it; the generated date-time pattern is 400 characters of noise.
        if (jsonSchema.format === "date-time") delete jsonSchema.pattern;
        // An integer's safe-integer bounds are no news.
        if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
        if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
      },
    }) as JsonSchema;
    const { $schema: _dialect, $defs, ...rest } = converted;
    void _dialect;
    for (const [id, def] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) {
      const text = JSON.stringify(relink(def));
      const seen = this.sources.get(id);
      if (seen !== undefined && seen !== text) throw new Error(`Two different schemas are named ${id} (as request and as response?)`);
      this.sources.set(id, text);
      this.components[id] = relink(def) as JsonSchema;
    }
    return relink(rest) as JsonSchema;
  }

  parameters(schema: ZodObject | undefined, where: "path" | "query" | "header"): object[] {
    if (!schema) return [];
    const object = this.convert(schema, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
    return Object.entries(object.properties ?? {}).map(([name, s]) => {
      const { description, ...rest } = s;
      return { name, in: where, required: where === "path" || (object.required ?? []).includes(name), ...(description ? { description } : {}), schema: rest };
    });
  }
}

/** `#/$defs/X` (where zod puts named schemas) → `#/components/schemas/X`. */
function relink(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(relink);
  if (!value || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, k === "$ref" && typeof v === "string" ? v.replace("#/$defs/", "#/components/schemas/") : relink(v)]),
  );
}

function describe(op: Operation, collect: SchemaCollector) {
  const responses: Record<string, object> = {};
  for (const [status, spec] of Object.entries(op.responses)) {
    responses[status] = spec.schema
      ? { description: spec.description, content: { [spec.contentType ?? "application/json"]: { schema: collect.convert(spec.schema, "output") } } }
      : { description: spec.description };
  }
  const error = { "application/json": { schema: collect.convert(errorSchema, "output") } };
  for (const status of errorStatuses(op)) {
    if (responses[status]) continue;
    responses[status] = {
      description: errorDescriptions[status] ?? "Error",
      content: error,
      ...(status === 429 ? { headers: { "Retry-After": { description: "Seconds until a request is accepted again", schema: { type: "integer" } } } } : {}),
    };
  }
  const body = op.body;
  const limit = body?.maxBytes ?? MAX_BODY_BYTES;
  return {
    operationId: op.id,
    tags: [op.tag],
    summary: op.summary,
    description: [op.description, accessNote[op.auth](op), body ? `Bodies over ${limit / 1024 / 1024} MiB are refused with 413.` : undefined].filter(Boolean).join("\n\n"),
    security: security[op.auth],
    parameters: [...collect.parameters(op.params, "path"), ...collect.parameters(op.query, "query"), ...collect.parameters(op.headers, "header")],
    ...(body
      ? {
          requestBody: {
            required: true,
            ...(body.description ? { description: body.description } : {}),
            content: Object.fromEntries(
              [["application/json", body.schema] as const, ...Object.entries(body.alternatives ?? {})].map(([type, schema]) => [type, { schema: collect.convert(schema, "input") }]),
            ),
          },
        }
      : {}),
    responses,
    "x-portico-access": { auth: op.auth, role: op.role },
    "x-portico-effect": op.effect,
  };
}

let cached: object | undefined;

export function openApiDocument(): object {
  if (cached) return cached;
  const collect = new SchemaCollector();
  const paths: Record<string, Record<string, object>> = {};
  for (const op of allOperations()) (paths[op.path] ??= {})[op.method.toLowerCase()] = describe(op, collect);
  cached = {
    openapi: "3.1.0",
    info: {
      title: "Portico REST API",
      version: "1",
      description:
        "For automation: CI pipelines, scripts and exporters. Authenticate with `Authorization: Bearer <token>` " +
        "(tokens are created in Admin → API tokens, or configured with PORTICO_STATIC_TOKENS). JSON in and out; " +
        'errors are `{"error": {"code", "message", "details"?}}`. Generated from the same declarations that route and validate each request.',
    },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }],
    tags: [...new Set(allOperations().map((op) => op.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "A Portico API token" },
        session: { type: "apiKey", in: "cookie", name: "authjs.session-token", description: "The portal's sign-in session: the browser sends it on the portal's own pages; nothing to enter here" },
      },
      schemas: collect.components,
    },
  };
  return cached;
}
