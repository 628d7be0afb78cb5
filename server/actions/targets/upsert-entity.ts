import { upsertEntities } from "../../catalog/entities";
import type { ServiceContext } from "../../context";
import type { Invocation } from "../definition";
import type { Target } from "./target";

type UpsertEntity = Extract<Invocation, { type: "upsert-entity" }>;
type Payload = { blueprint: string; entity: Record<string, unknown> };

/**
 * Upserts the entity a mapping describes as the run's requester (`ctx.actor`): the action's
 * permissions let them run it, and the catalog's let them write this entity, or the run fails with
 * the catalog's reason and nothing is written.
 */
export async function registerEntity(ctx: ServiceContext, blueprint: string, entity: Record<string, unknown>) {
  const [written] = await upsertEntities({ ctx, input: { blueprint, entities: [entity], mode: "upsert", bulk: false } });
  const outcome = written!.created ? "Created" : written!.unchanged ? "Left unchanged (identical)" : "Updated";
  return { blueprint, identifier: written!.entity.identifier, outcome };
}

/** An entity written into Portico's own catalog from the action's mapping. */
export const upsertEntity: Target<UpsertEntity, Payload> = {
  type: "upsert-entity",
  source: "portico",
  render: (invocation) => ({ target: `Portico catalog: ${invocation.blueprint}`, payload: { blueprint: invocation.blueprint, entity: invocation.mapping } }),
  async dispatch(ctx, _run, { blueprint, entity }) {
    const written = await registerEntity(ctx, blueprint, entity);
    return {
      status: "SUCCESS",
      summary: `${written.outcome} ${blueprint} ${written.identifier}`,
      affectedEntities: [{ blueprint, identifier: written.identifier }],
      logs: [{ source: "portico", message: `${written.outcome} ${blueprint} ${written.identifier}` }],
    };
  },
  follow: "at-dispatch",
};
