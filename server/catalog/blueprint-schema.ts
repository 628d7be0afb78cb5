import { z } from "zod";
import type { BlueprintProperty } from "@/db/schema/catalog";
import { identifierSchema } from "../identity/teams";

/** PRODUCT.md "Blueprint", validated. Property and relation ids follow the identifier rule too. */
const propertyTypes = ["string", "number", "boolean", "array", "object"] as const;
const formats = ["url", "email", "date-time", "markdown", "yaml", "user", "team"] as const;

const propertySchema = z
  .object({
    type: z.enum(propertyTypes),
    title: z.string().max(200).optional(),
    description: z.string().max(2000).optional(),
    format: z.enum(formats).optional(),
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
    if (p.enum && p.enum.some((v) => typeof v !== (p.type === "number" ? "number" : "string"))) {
      ctx.addIssue({ code: "custom", path: ["enum"], message: `values must be ${p.type === "number" ? "numbers" : "strings"}` });
    }
  });

const relationSchema = z
  .object({
    title: z.string().max(200).optional(),
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
  })
  .strict()
  .superRefine((b, ctx) => {
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
export type { BlueprintProperty };
