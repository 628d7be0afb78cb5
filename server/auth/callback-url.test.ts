import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./callback-url";

describe("safeCallbackUrl", () => {
  it("keeps same-site paths with their query", () => {
    expect(safeCallbackUrl("/audit?action=team.create")).toBe("/audit?action=team.create");
  });
  it.each([["https://evil.example"], ["//evil.example/x"], ["/\\evil.example"], ["/signin?callbackUrl=/x"], [undefined], [42]])(
    "sends %s home",
    (value) => {
      expect(safeCallbackUrl(value)).toBe("/");
    },
  );
});
