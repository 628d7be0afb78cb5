import type { blueprints } from "@/db/schema";

type BlueprintSeed = Omit<typeof blueprints.$inferInsert, "createdBy" | "updatedBy">;

/** Blueprints every Portico has from the start (PRODUCT.md: Environment, Team). */
export const builtinBlueprints: BlueprintSeed[] = [
  {
    identifier: "team",
    title: "Team",
    icon: "users",
    description: "A group of people that owns software.",
    schema: {
      properties: {
        slack: { type: "string", title: "Slack channel" },
        oncall: { type: "string", title: "On-call rotation", format: "url" },
      },
      required: [],
    },
  },
  {
    identifier: "environment",
    title: "Environment",
    icon: "server",
    description: "Where software runs: a namespace of a cluster.",
    schema: {
      properties: {
        type: {
          type: "string",
          title: "Type",
          enum: ["development", "staging", "production", "preview"],
          enumColors: { development: "blue", staging: "yellow", production: "red", preview: "purple" },
        },
        cluster: { type: "string", title: "Cluster" },
        namespace: { type: "string", title: "Namespace" },
        expiresAt: { type: "string", title: "Expires at", format: "date-time" },
      },
      required: ["type", "cluster", "namespace"],
    },
  },
];
