import { describe, expect, it } from "vitest";
import { fieldKeyOf, fromValue, operatorsFor, queryFields, toValue } from "./fields";

const blueprint = {
  schema: {
    properties: {
      language: { title: "Language", type: "string", enum: ["go", "ts"] },
      replicas: { type: "integer" },
      public: { type: "boolean" },
      releasedAt: { type: "string", format: "date-time" },
      tags: { type: "array" },
    },
  },
  relations: { system: { title: "System" } },
  aggregationProperties: { openIncidents: { title: "Open incidents" } },
};

describe("query fields", () => {
  it("lists meta fields, properties by title and kind, aggregations as numbers and relations", () => {
    const fields = queryFields(blueprint);
    const kinds = Object.fromEntries(fields.map((f) => [f.key, [f.label, f.kind]]));
    expect(kinds).toMatchObject({
      "m:$identifier": ["Identifier", "string"],
      "m:$team": ["Owners", "relation"],
      "m:$updatedAt": ["Updated", "date"],
      "p:language": ["Language", "string"],
      "p:replicas": ["replicas", "number"],
      "p:public": ["public", "boolean"],
      "p:releasedAt": ["releasedAt", "date"],
      "p:tags": ["tags", "array"],
      "p:openIncidents": ["Open incidents", "number"],
      "r:system": ["System", "relation"],
    });
    expect(fields.find((f) => f.key === "p:language")?.enum).toEqual(["go", "ts"]);
    expect(fieldKeyOf({ property: "language" })).toBe("p:language");
    expect(fieldKeyOf({ relation: "system" })).toBe("r:system");
    expect(fieldKeyOf({ meta: "$title" })).toBe("m:$title");
  });

  it("offers only operators that fit the type: no less-than on text or booleans, no contains on numbers", () => {
    expect(operatorsFor.string).not.toContain("<");
    expect(operatorsFor.boolean).toEqual(["=", "!=", "isEmpty", "isNotEmpty"]);
    expect(operatorsFor.number).not.toContain("contains");
    expect(operatorsFor.date).not.toContain("contains");
  });

  it("turns typed text into the value and back, and says in words what is wrong", () => {
    expect(toValue("number", "=", "3")).toEqual({ value: 3 });
    expect(toValue("number", "=", "three").error).toBe("Must be a number");
    expect(toValue("number", "=", "").error).toBe("Give a number");
    expect(toValue("boolean", "=", "true")).toEqual({ value: true });
    expect(toValue("string", "in", "a, b ,, c")).toEqual({ value: ["a", "b", "c"] });
    expect(toValue("string", "in", " , ").error).toBe("Give at least one value");
    expect(toValue("number", "between", "1, 2, 3").error).toBe("Give two values: from, to");
    expect(toValue("date", "<", "2026-01-31")).toEqual({ value: "2026-01-31T00:00:00.000Z" });
    expect(toValue("date", "<", "soon").error).toBe("Must be a date such as 2026-01-31");
    expect(toValue("string", "=", "")).toEqual({ value: "" });

    for (const [kind, operator, typed] of [
      ["number", "between", "1, 5"],
      ["string", "in", "go, ts"],
      ["date", ">", "2026-01-31"],
      ["boolean", "=", "false"],
    ] as const) {
      expect(fromValue(kind, toValue(kind, operator, typed).value)).toBe(typed);
    }
    expect(fromValue("number", { from: 1, to: 5 })).toBe("1, 5");
  });
});
