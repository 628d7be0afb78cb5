import { describe, expect, it } from "vitest";
import { operatorWords } from "./operator-words";

describe("operatorWords", () => {
  it("says the Query operators in words, dates as before and after", () => {
    expect(operatorWords("doesNotContain")).toBe("does not contain");
    expect(operatorWords("beginsWith")).toBe("begins with");
    expect(operatorWords("!=")).toBe("is not");
    expect(operatorWords(">", "number")).toBe("is more than");
    expect(operatorWords(">", "date")).toBe("is after");
    expect(operatorWords("relative")).toBe("relative");
  });
});
