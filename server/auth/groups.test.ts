import { describe, expect, it } from "vitest";
import { groupsFromClaim } from "./groups";

describe("groupsFromClaim", () => {
  it("reads arrays and separated strings from the configured claim", () => {
    expect(groupsFromClaim({ groups: ["a", "b", 3] }, "groups")).toEqual(["a", "b"]);
    expect(groupsFromClaim({ roles: "a, b c" }, "roles")).toEqual(["a", "b", "c"]);
  });
  it("says when the claim is missing", () => {
    expect(groupsFromClaim({ email: "x" }, "groups")).toBeUndefined();
  });
});
