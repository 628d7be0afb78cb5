import { describe, expect, it } from "vitest";
import { containsPattern, prefixPattern } from "./sql";

describe("LIKE patterns", () => {
  it("escape the wildcard characters of user input", () => {
    expect(containsPattern("50%_off\\")).toBe("%50\\%\\_off\\\\%");
    expect(prefixPattern("team.")).toBe("team.%");
  });
});
