import { describe, expect, it } from "vitest";
import { validationMessage } from "./validation-messages";

describe("validationMessage", () => {
  it("says what is wrong in words, a pattern by the field's description and never by its regex", () => {
    expect(validationMessage("pattern", { pattern: "^[a-z][a-z0-9-]{2,40}$" }, { description: "Lowercase letters, digits and dashes" })).toBe("does not fit: Lowercase letters, digits and dashes");
    expect(validationMessage("pattern", { pattern: "^x$" }, {})).toBe("is not in the expected form");
    expect(validationMessage("minLength", { limit: 1 })).toBe("must not be empty");
    expect(validationMessage("minLength", { limit: 12 })).toBe("needs at least 12 characters");
    expect(validationMessage("maximum", { limit: 72 })).toBe("must be at most 72");
    expect(validationMessage("minItems", { limit: 1 })).toBe("needs at least 1 item");
    expect(validationMessage("type", { type: "integer" })).toBe("must be a whole number");
    expect(validationMessage("type", { type: "string,null" })).toBe("must be a string");
    expect(validationMessage("enum", { allowedValues: ["small", "large", null] })).toBe("must be one of small, large");
    expect(validationMessage("if", {})).toBeUndefined();
  });
});
