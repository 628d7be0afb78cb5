import { z } from "zod";
import type { campaigns } from "@/db/schema";
import { queryField } from "../catalog/query";
import { invalid, zodDetails, type ErrorDetail } from "../errors";
import { identifierSchema } from "../identity/teams";
import { withoutReadOnlyFields } from "../read-only-fields";

const instant = z.iso.datetime({ offset: true, error: "must be a date and time such as 2027-03-31T17:00:00Z" });

/** A campaign as the API and the editor write it (PRODUCT.md has no shape for it yet; issue 22). */
export const campaignInputSchema = z
  .object({
    identifier: identifierSchema,
    title: z.string().trim().min(1).max(200),
    description: z.string().max(20_000).nullish(),
    blueprint: identifierSchema,
    scorecard: identifierSchema,
    goal: z.union([
      z.object({ level: z.string().min(1).max(100) }).strict(),
      z.object({ rules: z.array(z.string().min(1).max(100)).min(1, "name at least one rule").max(100) }).strict(),
    ]),
    scope: queryField.nullish(),
    team: identifierSchema.nullish(),
    fixAction: identifierSchema.nullish(),
    startsAt: instant,
    dueAt: instant,
  })
  .strict();

export type CampaignInput = z.output<typeof campaignInputSchema>;

/** Reads a campaign; every problem at once, with its path. The due date comes after the start. */
export function parseCampaign(raw: unknown): CampaignInput {
  const parsed = campaignInputSchema.safeParse(withoutReadOnlyFields(raw));
  if (!parsed.success) throw invalid("The campaign is invalid", zodDetails(parsed.error));
  const problems: ErrorDetail[] = [];
  if (Date.parse(parsed.data.dueAt) <= Date.parse(parsed.data.startsAt)) problems.push({ path: "/dueAt", message: "must come after the start" });
  if (problems.length) throw invalid("The campaign is invalid", problems);
  return parsed.data;
}

type CampaignRow = typeof campaigns.$inferSelect;

/** The campaign's JSON, as the API answers it and the editor starts from. */
export function toCampaignJson(row: CampaignRow) {
  return {
    identifier: row.identifier,
    title: row.title,
    ...(row.description ? { description: row.description } : {}),
    blueprint: row.blueprint,
    scorecard: row.scorecard,
    goal: row.goal,
    ...(row.scope ? { scope: row.scope } : {}),
    ...(row.team ? { team: row.team } : {}),
    ...(row.fixAction ? { fixAction: row.fixAction } : {}),
    startsAt: row.startsAt.toISOString(),
    dueAt: row.dueAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
  };
}

export type CampaignJson = ReturnType<typeof toCampaignJson>;
