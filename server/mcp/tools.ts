import "server-only";
import { z, type ZodObject } from "zod";
import type { Actor } from "../context";
import type { Operation } from "../api/contract/operation";
import { allOperations } from "../api/operations";
import type { GrantedUser } from "../oauth/tokens";

/**
 * The MCP tools, generated from the operation declarations: one tool per operation that API tokens may
 * call, with the same input (path, query and header parameters side by side, the body under `body`),
 * the same access rule and annotations from the operation's effect.
 */

export type Tool = {
  name: string;
  operation: Operation;
  definition: {
    name: string;
    title: string;
    description: string;
    inputSchema: { type: "object"; [key: string]: unknown };
    annotations: { title: string; readOnlyHint: boolean; destructiveHint: boolean; idempotentHint: boolean; openWorldHint: boolean };
  };
};

/** `entities.get` → `entities_get`: the characters every MCP client accepts in a tool name. */
export const toolName = (op: Operation) => op.id.replace(/[^A-Za-z0-9_-]/g, "_");

const shapeOf = (schema: ZodObject | undefined) => schema?.shape ?? {};

function inputSchema(op: Operation): Tool["definition"]["inputSchema"] {
  const shape = {
    ...shapeOf(op.params),
    ...shapeOf(op.query),
    ...shapeOf(op.headers),
    ...(op.body ? { body: op.body.schema } : {}),
    ...(op.confirmation ? { confirm: z.boolean().optional().meta({ description: "true once the user has agreed to what the tool asked to confirm" }) } : {}),
  };
  const schema = z.toJSONSchema(z.object(shape), { target: "draft-2020-12", io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  delete schema.$schema;
  return { ...schema, type: "object" };
}

let cached: Tool[] | undefined;

/** Every tool there is, whoever asks. */
export function allTools(): Tool[] {
  cached ??= allOperations()
    .filter((op) => op.auth === "token" && op.tool !== false)
    .map((op) => {
      const access = op.role === "admin" ? " Admins only." : "";
      return {
        name: toolName(op),
        operation: op,
        definition: {
          name: toolName(op),
          title: op.summary,
          description: `${op.summary}.${op.description ? ` ${op.description}` : ""}${access} (REST: ${op.method} ${op.path})`,
          inputSchema: inputSchema(op),
          annotations: {
            title: op.summary,
            readOnlyHint: op.effect.readOnly,
            destructiveHint: op.effect.destructive,
            idempotentHint: op.effect.idempotent,
            // Portico's own catalog and runs; a run's dispatch reaching out is the action's, approved as it says.
            openWorldHint: false,
          },
        },
      };
    });
  return cached;
}

/**
 * The tools `actor` may call: what its role allows of the developer set; the builder set (configuration
 * writes) only for an admin token created with builder tools switched on, or an admin who granted an
 * assistant the builder scope (OAuth).
 */
export function toolsFor(actor: Actor): Tool[] {
  const builder =
    actor.role === "admin" && ((actor.kind === "token" && actor.builderTools === true) || (actor.kind === "user" && (actor as Partial<GrantedUser>).oauth?.builder === true));
  return allTools().filter((t) => ((t.operation.tool ?? "developer") === "builder" ? builder : t.operation.role === "member" || actor.role === "admin"));
}

/** A tool call's arguments split the way the operation reads them. */
export function operationInput(op: Operation, args: Record<string, unknown>) {
  const pick = (schema: ZodObject | undefined) => Object.fromEntries(Object.keys(shapeOf(schema)).filter((k) => args[k] !== undefined).map((k) => [k, args[k]]));
  return { params: pick(op.params), query: pick(op.query), headers: pick(op.headers), body: args.body };
}
