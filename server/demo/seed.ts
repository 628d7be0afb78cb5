import { count, eq } from "drizzle-orm";
import { blueprints, entities, teamMembers, teams, users } from "@/db/schema";
import type { Tx } from "@/db/client";
import { audited, type AuditRecord } from "../audit/audited";
import { builtinBlueprints } from "../catalog/builtins";
import type { ServiceContext } from "../context";
import { medalLevels } from "../scorecards/definition";
import { putScorecard } from "../scorecards/service";

type EntitySeed = Omit<typeof entities.$inferInsert, "createdBy" | "updatedBy">;
type BlueprintSeed = Omit<typeof blueprints.$inferInsert, "createdBy" | "updatedBy">;

/** Creates the built-in blueprints that are missing. Safe to run at every start. */
export async function ensureBuiltinBlueprints(ctx: ServiceContext) {
  await audited(ctx, async (tx) => {
    const created = await tx
      .insert(blueprints)
      .values(builtinBlueprints.map((b) => ({ ...b, createdBy: "system", updatedBy: "system" })))
      .onConflictDoNothing()
      .returning();
    return {
      result: created.length,
      audit: created.map((b) => ({ action: "blueprint.create", resourceType: "blueprint", resourceId: b.identifier, after: b })),
    };
  });
}

export async function isEmptyDatabase(ctx: ServiceContext) {
  const [u] = await ctx.db.select({ n: count() }).from(users);
  const [e] = await ctx.db.select({ n: count() }).from(entities);
  return (u?.n ?? 0) === 0 && (e?.n ?? 0) === 0;
}

export const demoUsers = [
  { email: "ada@portico.local", name: "Ada Admin", role: "admin" as const, teams: ["platform"] },
  { email: "max@portico.local", name: "Max Member", role: "member" as const, teams: ["payments"] },
  { email: "chloe@portico.local", name: "Chloe Checkout", role: "member" as const, teams: ["checkout", "payments"] },
];

const demoTeams = [
  { id: "platform", title: "Platform", description: "Runs the internal developer platform, clusters and CI." },
  { id: "payments", title: "Payments", description: "Card processing, payouts and ledgers." },
  { id: "checkout", title: "Checkout", description: "Cart, checkout and order flows." },
];

const service = (
  identifier: string,
  title: string,
  team: string,
  props: Record<string, unknown>,
  relations: Record<string, string | string[]> = {},
): EntitySeed => ({ blueprint: "service", identifier, title, team: [team], properties: props, relations });

const demoEntities: EntitySeed[] = [
  ...demoTeams.map((t) => ({ blueprint: "team", identifier: t.id, title: t.title, team: [t.id], properties: { slack: `#team-${t.id}` } })),
  ...(
    [
      ["dev", "Development", "development", "dev-eu-1", "dev"],
      ["staging", "Staging", "staging", "stg-eu-1", "staging"],
      ["production", "Production", "production", "prod-eu-1", "prod"],
      ["preview-pr-142", "Preview PR #142", "preview", "dev-eu-1", "pr-142"],
    ] as const
  ).map(([identifier, title, type, cluster, namespace]) => ({
    blueprint: "environment",
    identifier,
    title,
    team: ["platform"],
    properties: { type, cluster, namespace, ...(type === "preview" ? { expiresAt: "2026-12-31T00:00:00Z" } : {}) },
  })),
  service("payments-api", "Payments API", "payments", {
    description: "Authorises and captures card payments.",
    language: "Go",
    lifecycle: "production",
    tier: "tier-1",
    repository: "https://github.com/portico-demo/payments-api",
    onCall: "https://oncall.example.com/payments",
  }, { dependsOn: ["ledger", "fraud-scoring"], providesApis: ["payments-rest"] }),
  service("ledger", "Ledger", "payments", {
    description: "Double-entry ledger of all money movements.",
    language: "Kotlin",
    lifecycle: "production",
    tier: "tier-1",
    repository: "https://github.com/portico-demo/ledger",
  }, { providesApis: ["ledger-grpc"] }),
  service("fraud-scoring", "Fraud scoring", "payments", {
    description: "Scores transactions for fraud risk.",
    language: "Python",
    lifecycle: "experimental",
    tier: "tier-2",
    repository: "https://github.com/portico-demo/fraud-scoring",
  }),
  service("payouts", "Payouts", "payments", {
    description: "Pays merchants out daily.",
    language: "Go",
    lifecycle: "production",
    tier: "tier-2",
    repository: "https://github.com/portico-demo/payouts",
  }, { dependsOn: ["ledger"] }),
  service("checkout-web", "Checkout web", "checkout", {
    description: "The checkout single-page app.",
    language: "TypeScript",
    lifecycle: "production",
    tier: "tier-1",
    repository: "https://github.com/portico-demo/checkout-web",
  }, { dependsOn: ["cart-service", "payments-api"] }),
  service("cart-service", "Cart service", "checkout", {
    description: "Holds shopping carts.",
    language: "Java",
    lifecycle: "production",
    tier: "tier-2",
    repository: "https://github.com/portico-demo/cart-service",
  }, { providesApis: ["cart-rest"] }),
  service("portico", "Portico", "platform", {
    description: "This portal.",
    language: "TypeScript",
    lifecycle: "production",
    tier: "tier-3",
    repository: "https://github.com/portico-demo/portico",
  }),
  service("ci-runners", "CI runners", "platform", {
    description: "Self-hosted GitHub Actions runners on Kubernetes.",
    language: "Go",
    lifecycle: "deprecated",
    tier: "tier-3",
    repository: "https://github.com/portico-demo/ci-runners",
  }),
  ...(
    [
      ["payments-rest", "Payments REST API", "payments", "openapi"],
      ["ledger-grpc", "Ledger gRPC API", "payments", "grpc"],
      ["cart-rest", "Cart REST API", "checkout", "openapi"],
    ] as const
  ).map(([identifier, title, team, type]) => ({
    blueprint: "api",
    identifier,
    title,
    team: [team],
    properties: { type, lifecycle: "production" },
  })),
];

const demoBlueprints: BlueprintSeed[] = [
  {
    identifier: "service",
    title: "Service",
    icon: "box",
    description: "A deployable piece of software.",
    schema: {
      properties: {
        description: { type: "string", title: "Description" },
        language: { type: "string", title: "Language" },
        lifecycle: {
          type: "string",
          title: "Lifecycle",
          enum: ["experimental", "production", "deprecated"],
          enumColors: { experimental: "yellow", production: "green", deprecated: "gray" },
        },
        tier: { type: "string", title: "Tier", enum: ["tier-1", "tier-2", "tier-3"] },
        repository: { type: "string", title: "Repository", format: "url" },
        onCall: { type: "string", title: "On-call", format: "url" },
      },
      required: ["lifecycle"],
    },
    relations: {
      dependsOn: { title: "Depends on", target: "service", many: true, required: false },
      providesApis: { title: "Provides APIs", target: "api", many: true, required: false },
    },
  },
  {
    identifier: "api",
    title: "API",
    icon: "plug",
    description: "An interface that services provide and consume.",
    schema: {
      properties: {
        type: { type: "string", title: "Type", enum: ["openapi", "grpc", "graphql", "asyncapi"] },
        lifecycle: { type: "string", title: "Lifecycle", enum: ["experimental", "production", "deprecated"] },
      },
      required: ["type"],
    },
    relations: {},
  },
];

/**
 * Loads the demo teams, users, blueprints and entities. Only called on an empty database. Without
 * `users` (an SSO provider is configured) no demo user is created: demo users could be signed in as.
 */
export async function seedDemoData(ctx: ServiceContext, { users: withUsers = true }: { users?: boolean } = {}) {
  await audited(ctx, async (tx: Tx) => {
    const audit: AuditRecord[] = [];
    const bps = await tx
      .insert(blueprints)
      .values(demoBlueprints.map((b) => ({ ...b, createdBy: "system", updatedBy: "system" })))
      .onConflictDoNothing()
      .returning();
    audit.push(...bps.map((b) => ({ action: "blueprint.create", resourceType: "blueprint", resourceId: b.identifier, after: b })));

    const createdTeams = await tx.insert(teams).values(demoTeams).onConflictDoNothing().returning();
    audit.push(...createdTeams.map((t) => ({ action: "team.create", resourceType: "team", resourceId: t.id, after: t })));

    const createdUsers = withUsers
      ? await tx
          .insert(users)
          .values(demoUsers.map(({ email, name, role }) => ({ email, name, role, isDemo: true, emailVerified: false })))
          .onConflictDoNothing()
          .returning()
      : [];
    audit.push(
      ...createdUsers.map((u) => ({ action: "user.create", resourceType: "user", resourceId: u.id, after: { email: u.email, role: u.role } })),
    );
    const members = createdUsers.flatMap((u) =>
      (demoUsers.find((d) => d.email === u.email)?.teams ?? []).map((teamId) => ({ teamId, userId: u.id })),
    );
    if (members.length) await tx.insert(teamMembers).values(members).onConflictDoNothing();
    audit.push(...members.map((m) => ({ action: "team.add-member", resourceType: "team", resourceId: m.teamId, after: m })));

    const created = await tx
      .insert(entities)
      .values(demoEntities.map((e) => ({ ...e, createdBy: "system", updatedBy: "system" })))
      .onConflictDoNothing()
      .returning({ blueprint: entities.blueprint, identifier: entities.identifier });
    audit.push(
      ...created.map((e) => ({ action: "entity.create", resourceType: "entity", resourceId: `${e.blueprint}/${e.identifier}` })),
    );
    return { result: undefined, audit };
  });
}

/**
 * Once an SSO provider is configured, demo users must not exist (anyone who could register a demo
 * address at the IdP would otherwise be them): deletes them, audited. Their demo data stays.
 */
export async function removeDemoUsers(ctx: ServiceContext): Promise<number> {
  return audited(ctx, async (tx) => {
    const removed = await tx.delete(users).where(eq(users.isDemo, true)).returning({ id: users.id, email: users.email, role: users.role });
    return {
      result: removed.length,
      audit: removed.map((u) => ({ action: "user.delete", resourceType: "user", resourceId: u.id, before: { email: u.email, role: u.role, isDemo: true } })),
    };
  });
}

const present = (property: string) => ({ combinator: "and" as const, rules: [{ property, operator: "isNotEmpty" as const }] });

/** Two scorecards on the demo services, so the portal shows real levels on first start. */
export const demoScorecards = [
  {
    identifier: "production-readiness",
    title: "Production readiness",
    description: "What a service needs before it carries production traffic.",
    levels: medalLevels,
    rules: [
      { identifier: "has-repository", title: "Has a repository", level: "Bronze", query: present("repository") },
      { identifier: "not-deprecated", title: "Is not deprecated", description: "Deprecated services should be retired, not hardened.", level: "Bronze", query: { combinator: "and" as const, rules: [{ property: "lifecycle", operator: "!=" as const, value: "deprecated" }] } },
      { identifier: "has-on-call", title: "Has an on-call rota", description: "Someone is paged when it breaks.", level: "Silver", weight: 2, query: present("onCall") },
      { identifier: "in-production", title: "Lifecycle is production", level: "Gold", query: { combinator: "and" as const, rules: [{ property: "lifecycle", operator: "=" as const, value: "production" }] } },
      { identifier: "critical-tier", title: "Tier 1 or 2", level: "Gold", query: { combinator: "and" as const, rules: [{ property: "tier", operator: "in" as const, value: ["tier-1", "tier-2"] }] } },
    ],
  },
  {
    identifier: "ownership-docs",
    title: "Ownership & docs",
    description: "Everyone can tell who owns a service and what it does.",
    levels: [
      { title: "Unowned", color: "red" },
      { title: "Owned", color: "yellow" },
      { title: "Documented", color: "green" },
    ],
    rules: [
      { identifier: "has-owner", title: "Has an owning team", level: "Owned", query: { combinator: "and" as const, rules: [{ meta: "$team" as const, operator: "isNotEmpty" as const }] } },
      { identifier: "has-description", title: "Has a description", level: "Documented", query: present("description") },
      { identifier: "has-language", title: "Names its language", level: "Documented", query: present("language") },
    ],
  },
];

/** Creates the demo scorecards (evaluated as they are saved). */
export async function seedDemoScorecards(ctx: ServiceContext) {
  for (const scorecard of demoScorecards) await putScorecard({ ctx, input: { blueprint: "service", scorecard } });
}
