import type { ServiceContext } from "../context";
import { putCampaign } from "../campaigns/service";

const DAY = 86_400_000;

/** The demo's campaign: every service on call (Silver on Production readiness), started two weeks ago, due in four. */
export async function seedDemoCampaigns(ctx: ServiceContext) {
  const today = Date.parse(new Date().toISOString().slice(0, 10));
  await putCampaign({
    ctx,
    input: {
      campaign: {
        identifier: "on-call-everywhere",
        title: "Every service on call",
        description:
          "When a service breaks, **someone must be paged**. Reach *Silver* on Production readiness:\n\n" +
          "1. Set up a rota in your paging tool.\n2. Put its URL in the service's **On-call** property (Edit on the service's page).\n\n" +
          "Deprecated services are out of scope: retire them instead.",
        blueprint: "service",
        scorecard: "production-readiness",
        goal: { level: "Silver" },
        scope: { combinator: "and", rules: [{ property: "lifecycle", operator: "!=", value: "deprecated" }] },
        startsAt: new Date(today - 14 * DAY).toISOString(),
        dueAt: new Date(today + 28 * DAY).toISOString(),
      },
    },
  });
}
