import type { BlueprintProperty, BlueprintRelation } from "@/db/schema/catalog";
import type { Target } from "./format";

/**
 * The blueprints a Backstage import writes into, and what each needs: a missing blueprint is created,
 * missing properties and relations are added (existing ones are left as they are). Every change is
 * listed in the import's plan before it is applied.
 */

type Shape = { title: string; icon: string; properties: Record<string, BlueprintProperty>; relations: Record<string, BlueprintRelation> };

const rel = (title: string, target: string, many: boolean): BlueprintRelation => ({ title, target, many, required: false });

/** Every imported entity's metadata (and the owner when it is a User). */
export const commonProperties: Record<string, BlueprintProperty> = {
  description: { type: "string", title: "Description" },
  namespace: { type: "string", title: "Namespace", description: "Backstage namespace (when not default)" },
  repository: { type: "string", title: "Repository", format: "url" },
  orphaned: { type: "boolean", title: "Orphaned", description: "Its repository no longer exists" },
  tags: { type: "array", title: "Tags", items: { type: "string" } },
  links: {
    type: "array",
    title: "Links",
    items: {
      type: "object",
      properties: { url: { type: "string", format: "url" }, title: { type: "string" }, icon: { type: "string" }, type: { type: "string" } },
      required: ["url"],
    },
  },
  labels: { type: "object", title: "Labels" },
  annotations: { type: "object", title: "Annotations" },
  ownerUser: { type: "string", title: "Owner (user)", format: "user" },
  backstage: { type: "object", title: "Other Backstage fields", description: "Fields outside Backstage's descriptor format, kept as they were" },
};

const typeProperty: BlueprintProperty = { type: "string", title: "Type" };
const lifecycleProperty: BlueprintProperty = { type: "string", title: "Lifecycle" };

export const shapes: Record<Target | "team", Shape> = {
  domain: { title: "Domain", icon: "globe", properties: { type: typeProperty }, relations: { subdomainOf: rel("Subdomain of", "domain", false) } },
  system: { title: "System", icon: "layers", properties: { type: typeProperty }, relations: { domain: rel("Domain", "domain", false) } },
  resource: {
    title: "Resource",
    icon: "database",
    properties: { type: typeProperty },
    relations: {
      system: rel("System", "system", false),
      dependsOn: rel("Depends on", "resource", true),
      dependsOnComponents: rel("Depends on components", "service", true),
      dependencyOf: rel("Dependency of", "resource", true),
      dependencyOfComponents: rel("Dependency of components", "service", true),
    },
  },
  api: {
    title: "API",
    icon: "plug",
    properties: { type: typeProperty, lifecycle: lifecycleProperty, definition: { type: "string", title: "Definition", description: "The API's definition (OpenAPI, AsyncAPI, GraphQL, gRPC, …)" } },
    relations: { system: rel("System", "system", false) },
  },
  service: {
    title: "Service",
    icon: "box",
    properties: { type: typeProperty, lifecycle: lifecycleProperty },
    relations: {
      system: rel("System", "system", false),
      subcomponentOf: rel("Subcomponent of", "service", false),
      dependsOn: rel("Depends on", "service", true),
      dependsOnResources: rel("Depends on resources", "resource", true),
      dependencyOf: rel("Dependency of", "service", true),
      dependencyOfResources: rel("Dependency of resources", "resource", true),
      providesApis: rel("Provides APIs", "api", true),
      consumesApis: rel("Consumes APIs", "api", true),
    },
  },
  // A Group's metadata lands on the built-in `team` blueprint's entity of the same identifier.
  team: { title: "Team", icon: "users", properties: { type: typeProperty, email: { type: "string", title: "Email", format: "email" }, picture: { type: "string", title: "Picture", format: "url" } }, relations: {} },
};

/** Order of writing: targets before the entities that point at them. */
export const writeOrder: (Target | "team")[] = ["team", "domain", "system", "resource", "api", "service"];

/**
 * The relation a reference field lands in. A relation has one target blueprint, so a field that may
 * point at Components or Resources (dependsOn, dependencyOf) is split by the target's kind.
 */
export function relationFor(bp: Target, field: string, target: string): string | undefined {
  const split: Record<string, Record<string, string>> = {
    service: { "dependsOn:resource": "dependsOnResources", "dependencyOf:resource": "dependencyOfResources" },
    resource: { "dependsOn:service": "dependsOnComponents", "dependencyOf:service": "dependencyOfComponents" },
  };
  const name = split[bp]?.[`${field}:${target}`] ?? field;
  return shapes[bp].relations[name]?.target === target ? name : undefined;
}
