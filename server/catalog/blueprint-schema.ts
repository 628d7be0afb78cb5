import { z } from "zod";
import type { BlueprintProperty } from "@/db/schema/catalog";
import { identifierSchema } from "../identity/teams";
import { queryField } from "./query";

/** PRODUCT.md "Blueprint", validated. Property and relation ids follow the identifier rule too. */
const propertyTypes = ["string", "number", "boolean", "array", "object"] as const;
const formats = ["url", "email", "date-time", "markdown", "yaml", "user", "team", "ipv4", "ipv6", "timer", "proto"] as const;

const propertySchema = z
  .object({
    type: z.enum(propertyTypes),
    title: z.string().max(200).optional(),
    description: z.string().max(2000).optional(),
    format: z.enum(formats).optional(),
    icon: z.string().max(100).optional(),
    spec: z.enum(["open-api", "async-api", "embedded-url"]).optional(),
    enum: z.array(z.union([z.string(), z.number()])).min(1).max(500).optional(),
    enumColors: z.record(z.string(), z.string().max(30)).optional(),
    default: z.unknown().optional(),
    pattern: z
      .string()
      .max(500)
      .refine((p) => {
        try {
          new RegExp(p, "u");
          return true;
        } catch {
          return false;
        }
      }, "is not a valid regular expression")
      .optional(),
    minimum: z.number().optional(),
    maximum: z.number().optional(),
    items: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.format && p.type !== "string") ctx.addIssue({ code: "custom", path: ["format"], message: "applies to string properties only" });
    if (p.pattern && p.type !== "string") ctx.addIssue({ code: "custom", path: ["pattern"], message: "applies to string properties only" });
    if ((p.minimum !== undefined || p.maximum !== undefined) && p.type !== "number") {
      ctx.addIssue({ code: "custom", path: ["minimum"], message: "minimum and maximum apply to number properties only" });
    }
    if (p.items && p.type !== "array") ctx.addIssue({ code: "custom", path: ["items"], message: "applies to array properties only" });
    if (p.spec && !(p.type === "object" || (p.type === "string" && (p.spec === "embedded-url" ? p.format === "url" : p.format === "url" || p.format === undefined || p.format === "yaml")))) {
      ctx.addIssue({ code: "custom", path: ["spec"], message: "applies to a string property (a URL or the document) or an object property (the document)" });
    }
    if (p.enum && p.enum.some((v) => typeof v !== (p.type === "number" ? "number" : "string"))) {
      ctx.addIssue({ code: "custom", path: ["enum"], message: `values must be ${p.type === "number" ? "numbers" : "strings"}` });
    }
  });

const relationSchema = z
  .object({
    title: z.string().max(200).optional(),
    description: z.string().max(2000).optional(),
    target: identifierSchema,
    many: z.boolean().default(false),
    required: z.boolean().default(false),
  })
  .strict();

const mirrorSchema = z
  .object({
    title: z.string().max(200).optional(),
    path: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}\.(\$title|\$identifier|[A-Za-z0-9][A-Za-z0-9_-]{0,99})$/, {
      error: 'must read "<relation>.<property>" or "<relation>.$title"',
    }),
  })
  .strict();

const calculationSchema = z
  .object({
    title: z.string().max(200).optional(),
    description: z.string().max(2000).optional(),
    icon: z.string().max(100).optional(),
    calculation: z.string().trim().min(1, { error: "needs a jq expression" }).max(10_000),
    type: z.enum(propertyTypes),
    format: z.enum(formats).optional(),
    colorized: z.boolean().optional(),
    colors: z.record(z.string(), z.string().max(30)).optional(),
  })
  .strict();

const aggregationSchema = z
  .object({
    title: z.string().max(200).optional(),
    description: z.string().max(2000).optional(),
    icon: z.string().max(100).optional(),
    type: z.literal("number", { error: "aggregation properties are numbers" }),
    target: identifierSchema,
    calculationSpec: z.discriminatedUnion("calculationBy", [
      z
        .object({
          calculationBy: z.literal("entities"),
          func: z.literal("count", { error: 'counting entities takes func "count" (Port\'s "average" of entities per period is not supported: count them and compare over time in the scorecard trend)' }),
          // Port's keys of the per-period average, refused through `func` above rather than as unknown keys.
          averageOf: z.unknown().optional(),
          measureTimeBy: z.unknown().optional(),
        })
        .strict()
        .transform(({ calculationBy, func }) => ({ calculationBy, func })),
      z.object({ calculationBy: z.literal("property"), func: z.enum(["sum", "average", "min", "max", "median"]), property: z.string().min(1).max(100) }).strict(),
    ]),
    query: queryField.optional(),
  })
  .strict();

/** Port blueprint keys without a Portico counterpart: refused by their Port name, with what to do instead. */
const portOnly: Record<string, string> = {
  teamInheritance: "Port's teamInheritance has no counterpart: Portico entities name their owning teams themselves (set `team` when writing them, or let an import map owners); remove it",
  changelogDestination: "Port's changelogDestination has no counterpart: every change is in Portico's audit log (Admin → Audit log, GET /api/v1/audit-log); remove it",
};

export const blueprintInputSchema = z
  .object({
    identifier: identifierSchema,
    title: z.string().trim().min(1).max(200),
    icon: z.string().max(100).nullish(),
    description: z.string().max(2000).nullish(),
    schema: z
      .object({
        properties: z.record(identifierSchema, propertySchema).default({}),
        required: z.array(z.string()).default([]),
      })
      .strict()
      .default({ properties: {}, required: [] }),
    relations: z.record(identifierSchema, relationSchema).default({}),
    mirrorProperties: z.record(identifierSchema, mirrorSchema).default({}),
    calculationProperties: z.record(identifierSchema, calculationSchema).default({}),
    aggregationProperties: z.record(identifierSchema, aggregationSchema).default({}),
    /** Port's ownership: `Direct` is what Portico does (owners on each entity); `Inherited` is refused below. */
    ownership: z.object({ type: z.enum(["Direct", "Inherited"]), path: z.string().optional(), title: z.string().optional() }).strict().optional(),
    ...Object.fromEntries(Object.keys(portOnly).map((k) => [k, z.unknown().optional()])),
  })
  .strict()
  .superRefine((b, ctx) => {
    for (const [key, message] of Object.entries(portOnly)) if ((b as Record<string, unknown>)[key] !== undefined) ctx.addIssue({ code: "custom", path: [key], message });
    if (b.ownership?.type === "Inherited") {
      ctx.addIssue({ code: "custom", path: ["ownership", "type"], message: "Port's Inherited ownership has no counterpart: Portico entities name their owning teams themselves; use Direct (or leave ownership out)" });
    }
    const taken = new Set([...Object.keys(b.schema.properties), ...Object.keys(b.relations), ...Object.keys(b.mirrorProperties)]);
    for (const group of ["calculationProperties", "aggregationProperties"] as const) {
      for (const id of Object.keys(b[group])) {
        if (taken.has(id)) ctx.addIssue({ code: "custom", path: [group, id], message: "a property, relation or mirror property has the same identifier" });
        taken.add(id);
      }
    }
    for (const [i, r] of b.schema.required.entries()) {
      if (!(r in b.schema.properties)) {
        ctx.addIssue({ code: "custom", path: ["schema", "required", i], message: `${r} is not a property of this blueprint` });
      }
    }
    for (const [id, m] of Object.entries(b.mirrorProperties)) {
      const relation = m.path.split(".")[0]!;
      if (!(relation in b.relations)) {
        ctx.addIssue({ code: "custom", path: ["mirrorProperties", id, "path"], message: `${relation} is not a relation of this blueprint` });
      }
    }
    for (const id of Object.keys(b.relations)) {
      if (id in b.schema.properties) {
        ctx.addIssue({ code: "custom", path: ["relations", id], message: "a property has the same identifier" });
      }
    }
  });

export type BlueprintInput = z.output<typeof blueprintInputSchema>;
/** What a client writes (defaults may be left out). */
export type BlueprintDraft = z.input<typeof blueprintInputSchema>;
export type BlueprintPropertyDraft = z.input<typeof propertySchema>;
export type PropertyFormat = (typeof formats)[number];
export type { BlueprintProperty };
