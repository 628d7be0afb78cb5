import { describe, expect, it } from "vitest";
import { blueprintInputSchema } from "./blueprint-schema";
import { relationTargets, validateJson, validateProperties, validateRelationShapes } from "./validation";

const schema = {
  properties: {
    url: { type: "string" as const, format: "url" as const },
    lifecycle: { type: "string" as const, enum: ["production", "experimental"] },
    replicas: { type: "number" as const, minimum: 1, maximum: 10 },
    slug: { type: "string" as const, pattern: "^[a-z-]+$" },
    tags: { type: "array" as const, items: { type: "string" } },
  },
  required: ["lifecycle"],
};

describe("validateProperties", () => {
  it("accepts valid values and null for optional properties", () => {
    expect(validateProperties(schema, { lifecycle: "production", url: "https://x.example/a", replicas: 3, tags: ["a"], slug: null })).toEqual([]);
  });

  it("reports every problem with a JSON pointer", () => {
    expect(
      validateProperties(schema, { url: "not a url", replicas: 11, slug: "Bad Slug", tags: [1], unknown: true, lifecycle: "retired" }),
    ).toEqual(
      expect.arrayContaining([
        { path: "/properties/url", message: "must be an http(s) or mailto: URL" },
        { path: "/properties/replicas", message: "must be at most 10" },
        { path: "/properties/slug", message: "is not in the expected form" },
        { path: "/properties/tags/0", message: "must be a string" },
        { path: "/properties/unknown", message: "is not a property of this blueprint" },
        { path: "/properties/lifecycle", message: "must be one of production, experimental" },
      ]),
    );
    expect(validateProperties(schema, {})).toEqual([{ path: "/properties/lifecycle", message: "is required" }]);
    expect(validateProperties(schema, { lifecycle: "production", replicas: "3" })).toEqual([{ path: "/properties/replicas", message: "must be a number" }]);
  });
});

describe("url properties (issue 16, item 9)", () => {
  it("accept http(s) and mailto: links only", () => {
    for (const ok of ["https://x.example/a?b=c#d", "http://localhost:8080/", "mailto:team@example.com"]) {
      expect(validateProperties(schema, { lifecycle: "production", url: ok }), ok).toEqual([]);
    }
    for (const bad of ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:x", "file:///etc/passwd", "https://", "//evil.example", "java\tscript:alert(1)", "https://x.example/a b"]) {
      expect(validateProperties(schema, { lifecycle: "production", url: bad }), bad).toEqual([{ path: "/properties/url", message: "must be an http(s) or mailto: URL" }]);
    }
  });

  it("apply inside arrays of links too", () => {
    const links = { properties: { links: { type: "array" as const, items: { type: "object", properties: { url: { type: "string", format: "url" } } } } }, required: [] };
    expect(validateProperties(links, { links: [{ url: "https://ok.example" }, { url: "javascript:alert(1)" }] })).toEqual([{ path: "/properties/links/1/url", message: "must be an http(s) or mailto: URL" }]);
  });
});

describe("relations", () => {
  const relations = {
    system: { target: "system", many: false, required: true },
    dependsOn: { target: "service", many: true, required: false },
  };
  it("checks shapes and required relations", () => {
    expect(validateRelationShapes(relations, { system: "core", dependsOn: ["a", "b"] })).toEqual([]);
    expect(validateRelationShapes(relations, { system: ["core"], dependsOn: "a", owner: "x" })).toEqual([
      { path: "/relations/system", message: "must be an entity identifier" },
      { path: "/relations/dependsOn", message: "must be a list of entity identifiers" },
      { path: "/relations/owner", message: "is not a relation of this blueprint" },
    ]);
    expect(validateRelationShapes(relations, { dependsOn: [] })).toEqual([{ path: "/relations/system", message: "is required" }]);
  });
  it("lists targets to look up", () => {
    expect(relationTargets(relations, { system: "core", dependsOn: ["a"] })).toEqual([
      { relation: "system", blueprint: "system", identifier: "core" },
      { relation: "dependsOn", blueprint: "service", identifier: "a" },
    ]);
  });
});

describe("blueprint input", () => {
  it("rejects inconsistent definitions with paths", () => {
    const result = blueprintInputSchema.safeParse({
      identifier: "svc",
      title: "Service",
      schema: { properties: { n: { type: "number", format: "url" }, e: { type: "string", enum: [1] } }, required: ["missing"] },
      relations: { n: { target: "x" } },
      mirrorProperties: { m: { path: "nope.$title" } },
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join("/"))).toEqual(
      expect.arrayContaining(["schema/properties/n/format", "schema/properties/e/enum", "schema/required/0", "mirrorProperties/m/path", "relations/n"]),
    );
  });
});

describe("propertiesFormSchema", () => {
  it("offers an optional enum's values without the null that lets the API clear it", async () => {
    const { propertiesFormSchema, propertiesJsonSchema } = await import("./validation");
    const bp = { properties: { tier: { type: "string" as const, enum: ["tier-1", "tier-2"] }, size: { type: "string" as const, enum: ["s", "m"] } }, required: ["size"] };
    expect(propertiesJsonSchema(bp).properties.tier!.enum).toEqual(["tier-1", "tier-2", null]);
    expect(propertiesFormSchema(bp).properties.tier!.enum).toEqual(["tier-1", "tier-2"]);
    expect(propertiesFormSchema(bp).properties.size!.enum).toEqual(["s", "m"]);
  });
});

describe("custom messages (ajv-errors errorMessage)", () => {
  const inputs = {
    type: "object",
    properties: {
      branch: { type: "string", pattern: "^[a-z0-9-]+$", errorMessage: "Lowercase letters, digits and dashes only" },
      hours: { type: "integer", minimum: 1 },
    },
    required: ["branch"],
  };
  it("say the schema author's words in place of ours, for that field only", () => {
    const problems = validateJson(inputs, { branch: "Feature X", hours: 0 }, "/inputs");
    expect(problems).toHaveLength(2);
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: "/inputs/hours", message: "must be at least 1" },
        { path: "/inputs/branch", message: "Lowercase letters, digits and dashes only" },
      ]),
    );
    expect(validateJson(inputs, { branch: "feature-x", hours: 2 }, "/inputs")).toEqual([]);
    expect(validateJson(inputs, {}, "/inputs")).toEqual([{ path: "/inputs/branch", message: "is required" }]);
  });
});
