import { asc, eq, inArray } from "drizzle-orm";
import { actions, blueprints, teams } from "@/db/schema";
import { audited } from "../audit/audited";
import { actorLabel, requireAdmin, type ServiceContext } from "../context";
import { invalid, notFound } from "../errors";
import { unchangedRow } from "../json-equality";
import { fromPortAction, isPortAction, withPortPaths } from "../port/action-json";
import { parseAction } from "./definition";
import { jqTemplateProblems } from "./templates";
import { withoutReadOnlyFields } from "../read-only-fields";

type ActionRow = typeof actions.$inferSelect;

/** PRODUCT.md "Action" JSON. */
export function toActionJson(row: ActionRow) {
  return {
    identifier: row.identifier,
    title: row.title,
    ...(row.icon ? { icon: row.icon } : {}),
    ...(row.description ? { description: row.description } : {}),
    blueprint: row.blueprint,
    operation: row.operation,
    ...(row.condition ? { condition: row.condition } : {}),
    userInputs: row.userInputs,
    invocation: row.invocation,
    ...(row.approval ? { approval: row.approval } : {}),
    ...(row.permissions ? { permissions: row.permissions } : {}),
    ...(row.templateLanguage === "jq" ? { templateLanguage: "jq" as const } : {}),
  };
}

export async function listActions({ ctx, input }: { ctx: ServiceContext; input: { blueprint?: string } }) {
  const rows = await ctx.db
    .select()
    .from(actions)
    .where(input.blueprint ? eq(actions.blueprint, input.blueprint) : undefined)
    .orderBy(asc(actions.blueprint), asc(actions.title));
  return rows.map(toActionJson);
}

export async function getAction({ ctx, input }: { ctx: ServiceContext; input: { identifier: string } }) {
  const [row] = await ctx.db.select().from(actions).where(eq(actions.identifier, input.identifier));
  if (!row) throw notFound(`Action ${input.identifier}`);
  return row;
}

/**
 * Checks a definition completely (shape, cross-field rules, templates, named blueprints and teams exist) without
 * writing. Port's action JSON (`trigger`, `invocationMethod`) is read as written (server/port/actions.ts).
 */
export async function validateAction({ ctx, input: sent }: { ctx: ServiceContext; input: unknown }) {
  requireAdmin(ctx, "edit actions");
  const input = withoutReadOnlyFields(sent);
  if (!isPortAction(input)) return validatePorticoAction(ctx, input);
  // Problems found after the translation point into the Port JSON that was sent.
  return validatePorticoAction(ctx, fromPortAction(input)).catch((error: unknown) => {
    throw withPortPaths(error, input);
  });
}

async function validatePorticoAction(ctx: ServiceContext, input: unknown) {
  const parsed = parseAction(input);
  if (parsed.templateLanguage === "jq") {
    const problems = [
      ...(await jqTemplateProblems(parsed.invocation, "/invocation")),
      ...(await jqTemplateProblems(
        Object.fromEntries(Object.entries(parsed.userInputs.properties).map(([k, schema]) => [k, { default: schema.default }])),
        "/userInputs/properties",
      )),
    ];
    if (problems.length) throw invalid("The action is invalid", problems);
  }
  const blueprintsNamed = [
    { path: "/blueprint", id: parsed.blueprint },
    ...(parsed.invocation.type === "upsert-entity" ? [{ path: "/invocation/blueprint", id: parsed.invocation.blueprint }] : []),
  ];
  const known = new Set(
    (await ctx.db.select({ id: blueprints.identifier }).from(blueprints).where(inArray(blueprints.identifier, blueprintsNamed.map((b) => b.id)))).map((b) => b.id),
  );
  const unknown = blueprintsNamed.filter((b) => !known.has(b.id)).map((b) => ({ path: b.path, message: `blueprint ${b.id} does not exist` }));
  if (unknown.length) throw invalid("The action is invalid", unknown);
  const named = [...(parsed.approval?.approvers.teams ?? []), ...(parsed.permissions?.execute.teams ?? [])];
  if (named.length) {
    const found = new Set((await ctx.db.select({ id: teams.id }).from(teams).where(inArray(teams.id, named))).map((t) => t.id));
    const missing = (list: string[] | undefined, path: string) =>
      (list ?? []).flatMap((t, i) => (found.has(t) ? [] : [{ path: `${path}/${i}`, message: `team ${t} does not exist` }]));
    const problems = [...missing(parsed.approval?.approvers.teams, "/approval/approvers/teams"), ...missing(parsed.permissions?.execute.teams, "/permissions/execute/teams")];
    if (problems.length) throw invalid("The action is invalid", problems);
  }
  return parsed;
}

/** Creates or replaces an action definition (admins only): the blueprints and teams it names must exist. */
export async function putAction({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const parsed = await validateAction({ ctx, input });
  return audited(ctx, async (tx) => {
    const [before] = await tx.select().from(actions).where(eq(actions.identifier, parsed.identifier)).for("update");
    const by = actorLabel(ctx.actor);
    const values = {
      title: parsed.title,
      icon: parsed.icon ?? null,
      description: parsed.description ?? null,
      blueprint: parsed.blueprint,
      operation: parsed.operation,
      condition: parsed.condition ?? null,
      userInputs: parsed.userInputs,
      invocation: parsed.invocation,
      approval: parsed.approval ?? null,
      permissions: parsed.permissions ?? null,
      templateLanguage: parsed.templateLanguage,
      updatedAt: new Date(),
      updatedBy: by,
    };
    // The same definition: nothing to write or audit.
    if (before && unchangedRow(before, values)) return { result: { action: before, created: false, unchanged: true }, audit: [] };
    const [saved] = before
      ? await tx.update(actions).set(values).where(eq(actions.identifier, parsed.identifier)).returning()
      : await tx
          .insert(actions)
          .values({ ...values, identifier: parsed.identifier, createdBy: by })
          .returning();
    return {
      result: { action: saved!, created: !before, unchanged: false },
      audit: {
        action: before ? "action.update" : "action.create",
        resourceType: "action",
        resourceId: parsed.identifier,
        before: before ? toActionJson(before) : undefined,
        after: toActionJson(saved!),
      },
    };
  });
}

export async function deleteAction({ ctx, input }: { ctx: ServiceContext; input: { identifier: string } }) {
  requireAdmin(ctx, "delete actions");
  return audited(ctx, async (tx) => {
    const [before] = await tx.delete(actions).where(eq(actions.identifier, input.identifier)).returning();
    if (!before) throw notFound(`Action ${input.identifier}`);
    return {
      result: { identifier: input.identifier },
      audit: { action: "action.delete", resourceType: "action", resourceId: input.identifier, before: toActionJson(before) },
    };
  });
}
