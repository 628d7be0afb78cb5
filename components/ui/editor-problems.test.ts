import { describe, expect, it } from "vitest";
import { placeOf } from "@/components/ui/editor-problems";

describe("placeOf", () => {
  it("says where a problem is in words, never as a JSON pointer", () => {
    expect(placeOf("/identifier")).toBe("Identifier");
    expect(placeOf("/rules/5/query/rules/0/property")).toBe("Rule 6 › query › rule 1 › property");
    expect(placeOf("/userInputs/properties/name")).toBe("User inputs › properties › name");
    expect(placeOf("/levels/2/color")).toBe("Level 3 › color");
    expect(placeOf("/properties/a~1b")).toBe("Properties › a/b");
    expect(placeOf("/0/identifier")).toBe("Item 1 › identifier");
    expect(placeOf("/entries/1")).toBe("Entry 2");
  });
});
