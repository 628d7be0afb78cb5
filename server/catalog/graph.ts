import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { entities } from "@/db/schema";
import type { ServiceContext } from "../context";
import { parseInput } from "../errors";
import { getEntity } from "./entities";
import { relationTargets } from "./service";

/**
 * An entity's neighbourhood through relations, hop by hop: what it depends on (its relations, and
 * theirs), what depends on it (the blast radius of a change or an outage), or both. One query per hop
 * and blueprint, capped at MAX_NODES entities.
 */

export const MAX_NODES = 500;

export const graphInputSchema = z.object({
  blueprint: z.string().max(100),
  identifier: z.string().max(100),
  depth: z.coerce.number().int().min(1).max(5).default(2).meta({ description: "How many hops to follow (1 to 5)" }),
  direction: z
    .enum(["dependencies", "dependents", "both"])
    .default("both")
    .meta({ description: "dependencies: what it relates to; dependents: what relates to it (the blast radius); both" }),
});

type Node = { blueprint: string; identifier: string; title: string | null; team: string[]; depth: number };
type Edge = { from: string; to: string; relation: string };
const key = (blueprint: string, identifier: string) => `${blueprint}/${identifier}`;
const related = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : typeof value === "string" ? [value] : []);

export async function entityGraph({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof graphInputSchema> }) {
  const { blueprint, identifier, depth, direction } = parseInput(graphInputSchema, input, "Invalid graph request");
  const root = await getEntity({ ctx, input: { blueprint, identifier } });
  const targets = await relationTargets(ctx.db);
  const nodes = new Map<string, Node>([[key(blueprint, identifier), { blueprint, identifier, title: root.title, team: root.team, depth: 0 }]]);
  const edges = new Map<string, Edge>();
  const relationsOf = new Map<string, Record<string, unknown>>([[key(blueprint, identifier), root.relations]]);
  let frontier = [{ blueprint, identifier }];
  let truncated = false;

  for (let hop = 1; hop <= depth && frontier.length > 0 && !truncated; hop++) {
    const found: { blueprint: string; identifier: string }[] = [];
    const wanted = new Map<string, Set<string>>();
    if (direction !== "dependents") {
      for (const f of frontier) {
        for (const [relation, value] of Object.entries(relationsOf.get(key(f.blueprint, f.identifier)) ?? {})) {
          const target = targets[f.blueprint]?.[relation];
          if (!target) continue;
          for (const id of related(value)) {
            edges.set(`${key(f.blueprint, f.identifier)}>${relation}>${key(target, id)}`, { from: key(f.blueprint, f.identifier), to: key(target, id), relation });
            if (!nodes.has(key(target, id))) (wanted.get(target) ?? wanted.set(target, new Set()).get(target)!).add(id);
          }
        }
      }
      for (const [bp, ids] of wanted) {
        const rows = await ctx.db
          .select({ identifier: entities.identifier, title: entities.title, team: entities.team, relations: entities.relations })
          .from(entities)
          .where(and(eq(entities.blueprint, bp), inArray(entities.identifier, [...ids])));
        for (const r of rows) {
          nodes.set(key(bp, r.identifier), { blueprint: bp, identifier: r.identifier, title: r.title, team: r.team, depth: hop });
          relationsOf.set(key(bp, r.identifier), r.relations);
          found.push({ blueprint: bp, identifier: r.identifier });
        }
      }
    }
    if (direction !== "dependencies") {
      // Which relations of which blueprints point at the frontier's blueprints.
      for (const [source, relations] of Object.entries(targets)) {
        for (const [relation, target] of Object.entries(relations)) {
          const ids = frontier.filter((f) => f.blueprint === target).map((f) => f.identifier);
          if (ids.length === 0) continue;
          const rows = await ctx.db
            .select({ identifier: entities.identifier, title: entities.title, team: entities.team, relations: entities.relations })
            .from(entities)
            .where(and(eq(entities.blueprint, source), sql`${entities.relations} -> ${relation} ?| array[${sql.join(ids.map((id) => sql`${id}`), sql`, `)}]::text[]`))
            .limit(MAX_NODES + 1);
          for (const r of rows) {
            for (const id of related(r.relations[relation]).filter((v) => ids.includes(v))) {
              edges.set(`${key(source, r.identifier)}>${relation}>${key(target, id)}`, { from: key(source, r.identifier), to: key(target, id), relation });
            }
            if (nodes.has(key(source, r.identifier))) continue;
            nodes.set(key(source, r.identifier), { blueprint: source, identifier: r.identifier, title: r.title, team: r.team, depth: hop });
            relationsOf.set(key(source, r.identifier), r.relations);
            found.push({ blueprint: source, identifier: r.identifier });
          }
        }
      }
    }
    if (nodes.size > MAX_NODES) truncated = true;
    frontier = found;
  }
  const kept = [...nodes.values()].sort((a, b) => a.depth - b.depth || key(a.blueprint, a.identifier).localeCompare(key(b.blueprint, b.identifier))).slice(0, MAX_NODES);
  const keys = new Set(kept.map((n) => key(n.blueprint, n.identifier)));
  return {
    root: key(blueprint, identifier),
    direction,
    depth,
    nodes: kept,
    // Edges to entities that do not exist (a relation to a deleted entity) are left out with them.
    edges: [...edges.values()].filter((e) => keys.has(e.from) && keys.has(e.to)),
    truncated,
  };
}
