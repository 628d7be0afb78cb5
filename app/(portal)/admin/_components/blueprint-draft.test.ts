import { describe, expect, it } from "vitest";
import { freshKey, moveEntry, renameEntry, withoutEntry } from "./blueprint-draft";

describe("blueprint draft helpers", () => {
  const r = { a: 1, b: 2, c: 3 };
  it("renames in place, keeping the order", () => {
    expect(Object.keys(renameEntry(r, "b", "x", 9))).toEqual(["a", "x", "c"]);
  });
  it("moves entries up and down, and not past the ends", () => {
    expect(Object.keys(moveEntry(r, "c", -1))).toEqual(["a", "c", "b"]);
    expect(Object.keys(moveEntry(r, "a", -1))).toEqual(["a", "b", "c"]);
  });
  it("removes entries and finds fresh keys", () => {
    expect(withoutEntry(r, "a")).toEqual({ b: 2, c: 3 });
    expect(freshKey({ property: 1, property2: 1 }, "property")).toBe("property3");
  });
});
