import { describe, expect, it } from "vitest";
import { invocationSchema } from "../definition";
import { targets } from "./index";

describe("the self-service target registry", () => {
  it("has a target for every invocation type, each saying how its runs end", () => {
    const types = invocationSchema.options.map((o) => o.shape.type.value).sort();
    expect(Object.keys(targets).sort()).toEqual(types);
    for (const type of types) {
      const target = targets[type as keyof typeof targets];
      expect([type, target.type]).toEqual([type, type]);
      expect([type, typeof target.follow === "function" || ["reports-back", "at-dispatch"].includes(target.follow as string)]).toEqual([type, true]);
      expect([type, typeof target.render, typeof target.dispatch]).toEqual([type, "function", "function"]);
    }
  });
});
