import { describe, expect, it } from "vitest";
import { parseQuery, type Condition } from "./query";
import { matchesCondition, type EvaluatedEntity } from "./query-eval";

const entity: EvaluatedEntity = {
  identifier: "payments-api",
  title: "Payments API",
  team: ["payments", "platform"],
  properties: { language: "Go", tier: 1, url: "https://x.example", tags: ["pci", "tier-1"], on: true, empty: "", meta: {} },
  relations: { dependsOn: ["ledger", "fraud"], system: "money" },
  createdAt: new Date("2026-01-01T00:00:00Z"),
  updatedAt: new Date("2026-06-01T00:00:00Z"),
};

const cases: [Condition, boolean][] = [
  [{ property: "language", operator: "=", value: "Go" }, true],
  [{ property: "language", operator: "=", value: "go" }, false],
  [{ property: "tags", operator: "=", value: "pci" }, true],
  [{ property: "tags", operator: "=", value: ["pci"] }, false],
  [{ property: "missing", operator: "!=", value: "x" }, true],
  [{ property: "tier", operator: ">=", value: 1 }, true],
  [{ property: "tier", operator: "<", value: 1 }, false],
  [{ property: "language", operator: ">", value: "A" }, true],
  [{ property: "tier", operator: ">", value: "0" }, false],
  [{ property: "tier", operator: "between", value: [0, 2] }, true],
  [{ property: "url", operator: "beginsWith", value: "https://" }, true],
  [{ property: "url", operator: "doesNotEndWith", value: ".example" }, false],
  [{ property: "language", operator: "contains", value: "o" }, true],
  [{ property: "tags", operator: "contains", value: "tier-1" }, true],
  [{ property: "tags", operator: "containsAny", value: ["x", "pci"] }, true],
  [{ property: "missing", operator: "doesNotContain", value: "x" }, true],
  [{ property: "empty", operator: "isEmpty" }, true],
  [{ property: "meta", operator: "isEmpty" }, true],
  [{ property: "on", operator: "isNotEmpty" }, true],
  [{ property: "language", operator: "in", value: ["Go", "Rust"] }, true],
  [{ relation: "dependsOn", operator: "=", value: "ledger" }, true],
  [{ relation: "system", operator: "in", value: ["money"] }, true],
  [{ meta: "$team", operator: "=", value: "platform" }, true],
  [{ meta: "$identifier", operator: "beginsWith", value: "pay" }, true],
  [{ meta: "$title", operator: "contains", value: "API" }, true],
  [{ meta: "$createdAt", operator: "<", value: "2026-02-01T00:00:00Z" }, true],
  [{ meta: "$updatedAt", operator: "between", value: ["2026-01-01T00:00:00Z", "2026-05-01T00:00:00Z"] }, false],
];

describe("query semantics", () => {
  it.each(cases)("%j → %s", (condition, expected) => {
    expect(matchesCondition(entity, condition)).toBe(expected);
  });
});

describe("parseQuery", () => {
  it("accepts nested queries and {from, to} ranges", () => {
    const q = parseQuery('{"combinator":"and","rules":[{"property":"tier","operator":"between","value":{"from":1,"to":2}},{"combinator":"or","rules":[]}]}');
    expect(q.rules[0]).toEqual({ property: "tier", operator: "between", value: [1, 2] });
  });

  it.each([
    [{ combinator: "xor", rules: [] }],
    [{ combinator: "and", rules: [{ property: "a", operator: "like", value: "x" }] }],
    [{ combinator: "and", rules: [{ property: "a", operator: "<", value: true }] }],
    [{ combinator: "and", rules: [{ meta: "$owner", operator: "=", value: "x" }] }],
    [{ combinator: "and", rules: [{ meta: "$createdAt", operator: ">", value: "yesterday" }] }],
    [{ combinator: "and", rules: [{ meta: "$createdAt", operator: "contains", value: "2026" }] }],
  ])("rejects %j", (input) => {
    expect(() => parseQuery(input)).toThrow();
  });
});
