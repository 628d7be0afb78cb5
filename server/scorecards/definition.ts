import { z } from "zod";
import type { BlueprintRelation, BlueprintSchema } from "@/db/schema/catalog";
import type { scorecards, ScorecardLevel, ScorecardRule } from "@/db/schema/scorecards";
import { propertyPath, queryField, walkQuery, type Query } from "../catalog/query";
import { invalid, zodDetails, type ErrorDetail } from "../errors";
import { identifierSchema } from "../identity/teams";
import type { RankedRule } from "./levels";
import { withoutReadOnlyFields } from "../read-only-fields";

const color = z.string().trim().min(1).max(30);

/** The levels a new scorecard starts with (and the demo uses): a floor and three medals. */
export const medalLevels: ScorecardLevel[] = [
  { title: "Basic", color: "gray" },
  { title: "Bronze", color: "#b08d57" },
  { title: "Silver", color: "#a8a9ad" },
  { title: "Gold", color: "#d4af37" },
];

export const scorecardInputSchema = z
  .object({
    identifier: identifierSchema,
    title: z.string().trim().min(1).max(200),
    description: z.string().max(2000).nullish(),
    filter: queryField.nullish(),
    levels: z
      .array(z.object({ title: z.string().trim().min(1).max(100), color }).strict())
      .min(1, { error: "needs at least one level (the first is the floor)" })
      .max(20),
    rules: z
      .array(
        z
          .object({
            identifier: identifierSchema,
            title: z.string().trim().min(1).max(200),
            description: z.string().max(2000).optional(),
            level: z.string().min(1),
            weight: z.number().positive().max(1000).optional(),
            query: queryField,
          })
          .strict(),
      )
      .max(200),
  })
  .strict();

/**
 * Checks across fields (unique level titles and rule identifiers, each rule's level exists), on the
 * raw input, so they are reported together with shape errors elsewhere (zod skips refinements then).
 */
function crossFieldProblems(input: unknown): ErrorDetail[] {
  const raw = (input && typeof input === "object" ? input : {}) as { levels?: unknown; rules?: unknown };
  const levels = Array.isArray(raw.levels) ? (raw.levels as { title?: unknown }[]) : [];
  const rules = Array.isArray(raw.rules) ? (raw.rules as { identifier?: unknown; level?: unknown }[]) : [];
  const titles = levels.map((l) => l?.title);
  const ids = rules.map((r) => r?.identifier);
  const problems: ErrorDetail[] = [];
  titles.forEach((t, i) => {
    if (typeof t === "string" && titles.indexOf(t) !== i) problems.push({ path: `/levels/${i}/title`, message: `${t} is already a level` });
  });
  rules.forEach((r, i) => {
    if (typeof r?.identifier === "string" && ids.indexOf(r.identifier) !== i) problems.push({ path: `/rules/${i}/identifier`, message: `${r.identifier} is already a rule` });
    if (typeof r?.level === "string" && !titles.includes(r.level)) {
      problems.push({ path: `/rules/${i}/level`, message: `must be one of the levels: ${titles.filter((t) => typeof t === "string").join(", ")}` });
    }
  });
  return problems;
}

export type ScorecardInput = z.output<typeof scorecardInputSchema>;
/** What a client writes (defaults may be left out). */
export type ScorecardDraft = z.input<typeof scorecardInputSchema>;
export type ScorecardDefinition = {
  blueprint: string;
  identifier: string;
  title: string;
  description?: string | null;
  filter?: Query | null;
  levels: ScorecardLevel[];
  rules: ScorecardRule[];
};

/**
 * Port's scorecard JSON, read as written: levels are optional there (Port's defaults are Basic, Bronze,
 * Silver and Gold), and a filter may say `$blueprint = <this blueprint>`, which a per-blueprint
 * scorecard always is. Queries in Port's spelling (`conditions`, `$team`) are read by the Query parser.
 */
export function fromPortScorecard(input: unknown, blueprint?: string): unknown {
  if (!input || typeof input !== "object" || Array.isArray(input)) return input;
  const sc = { ...(input as Record<string, unknown>) };
  if (sc.levels === undefined) sc.levels = medalLevels;
  const filter = sc.filter as { combinator?: unknown; rules?: unknown[]; conditions?: unknown[] } | null | undefined;
  const list = filter && (Array.isArray(filter.rules) ? "rules" : Array.isArray(filter.conditions) ? "conditions" : undefined);
  if (filter && list && blueprint) {
    const isThis = (c: unknown) => {
      const r = c as { property?: unknown; operator?: unknown; value?: unknown };
      return r?.property === "$blueprint" && r.operator === "=" && r.value === blueprint;
    };
    const kept = (filter[list] as unknown[]).filter((c) => !isThis(c));
    sc.filter = kept.length ? { ...filter, [list]: kept } : null;
  }
  return sc;
}

/** The rules with their level's position and weight, in rule order (what levels.ts and evaluate.ts need). */
export function rankedRules(sc: Pick<ScorecardDefinition, "levels" | "rules">): (ScorecardRule & RankedRule)[] {
  // Once per definition object: a bulk re-score asks for every entity of the write.
  let ranked = rankedCache.get(sc);
  if (!ranked) {
    ranked = sc.rules.map((r) => ({ ...r, levelIndex: sc.levels.findIndex((l) => l.title === r.level), weight: r.weight ?? 1 }));
    rankedCache.set(sc, ranked);
  }
  return ranked;
}
const rankedCache = new WeakMap<object, (ScorecardRule & RankedRule)[]>();

type BlueprintShape = {
  identifier: string;
  schema: BlueprintSchema;
  relations: Record<string, BlueprintRelation>;
  calculationProperties?: Record<string, unknown>;
  aggregationProperties?: Record<string, unknown>;
};

/**
 * Every property and relation a Query names must exist on the blueprint it is about (the related
 * blueprint inside related rules): a typo would otherwise silently fail every entity.
 */
export function assertFieldsExist(input: ScorecardInput, bp: BlueprintShape, all: BlueprintShape[]) {
  const errors: ErrorDetail[] = [];
  const byId = new Map(all.map((b) => [b.identifier, b]));
  const check = (query: Query, path: string, on: BlueprintShape) =>
    walkQuery(
      query,
      path,
      (rule, at) => {
        const properties = "valueFrom" in rule ? [["property", rule.property], ["valueFrom/property", rule.valueFrom.property]] : "property" in rule ? [["property", rule.property]] : [];
        for (const [key, p] of properties) {
          const [head, inner] = propertyPath(p!);
          const computed = on.calculationProperties?.[head] ? "a calculation" : on.aggregationProperties?.[head] ? "an aggregation" : undefined;
          if (computed) errors.push({ path: `${at}/${key}`, message: `${head} is ${computed} property of ${on.identifier}, computed when entities are read; scorecard rules use stored properties` });
          else if (!(head in on.schema.properties)) errors.push({ path: `${at}/${key}`, message: `${head} is not a property of ${on.identifier}` });
          else if (inner !== undefined && on.schema.properties[head]!.type !== "object") errors.push({ path: `${at}/${key}`, message: `${head} is not an object property: only those have keys (${head}/…)` });
        }
        if ("relation" in rule && !(rule.relation in on.relations)) errors.push({ path: `${at}/relation`, message: `${rule.relation} is not a relation of ${on.identifier}` });
      },
      (rule, at) => {
        const target = rule.related === "$team" ? "team" : on.relations[rule.related]?.target;
        const related = target ? byId.get(target) : undefined;
        if (!related) errors.push({ path: `${at}/related`, message: `${rule.related} is not a relation of ${on.identifier}` });
        else check(rule.query, `${at}/query`, related);
      },
    );
  if (input.filter) check(input.filter, "/filter", bp);
  input.rules.forEach((r, i) => check(r.query, `/rules/${i}/query`, bp));
  if (errors.length) throw invalid("The scorecard is invalid", errors);
}

export function parseScorecard(raw: unknown, blueprint?: string): ScorecardInput {
  const input = fromPortScorecard(withoutReadOnlyFields(raw), blueprint);
  const parsed = scorecardInputSchema.safeParse(input);
  const problems = [...(parsed.success ? [] : zodDetails(parsed.error)), ...crossFieldProblems(input)];
  if (problems.length || !parsed.success) throw invalid("The scorecard is invalid", problems);
  return parsed.data;
}

type ScorecardRow = typeof scorecards.$inferSelect;

/** PRODUCT.md "Scorecard" JSON. */
export function toScorecardJson(row: ScorecardRow) {
  return {
    identifier: row.identifier,
    title: row.title,
    blueprint: row.blueprint,
    ...(row.description ? { description: row.description } : {}),
    ...(row.filter ? { filter: row.filter } : {}),
    levels: row.levels,
    rules: row.rules,
  };
}

/** A stored scorecard as the evaluator reads it. */
export const definitionOf = (row: ScorecardRow): ScorecardDefinition => toScorecardJson(row);
