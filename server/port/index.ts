import { z } from "zod";
import type { ServiceContext } from "../context";
import { importPortActions } from "./actions";
import { importPortBlueprints } from "./blueprints";
import { importPortCatalog } from "./catalog";
import { importPortScorecards } from "./scorecards";

/** The Port JSON files Portico reads, by what they hold: one seam for a new kind of file. */
export const portFileKinds = {
  catalog: importPortCatalog,
  blueprints: importPortBlueprints,
  scorecards: importPortScorecards,
  actions: importPortActions,
} as const;

export type PortFileKind = keyof typeof portFileKinds;
export const portFileInputSchema = z.object({ kind: z.enum(Object.keys(portFileKinds) as [PortFileKind, ...PortFileKind[]]), json: z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())], { error: "must be a JSON list or object" }) });

/** One Port JSON file, all or nothing (each kind's service checks permissions and says every problem under its place). */
export async function importPortFile({ ctx, input }: { ctx: ServiceContext; input: z.infer<typeof portFileInputSchema> }) {
  return { kind: input.kind, report: (await portFileKinds[input.kind]({ ctx, input: input.json })) as unknown as Record<string, unknown> };
}
