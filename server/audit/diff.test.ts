import { describe, expect, it } from "vitest";
import { diffJson, REDACTED, redactSecrets } from "./diff";

describe("redactSecrets", () => {
  it("replaces values under secret-looking keys at any depth and leaves the rest", () => {
    const input = {
      name: "github",
      token: "ghp_abc",
      config: { clientSecret: "s3cret", url: "https://x", headers: [{ Authorization: "Bearer x", accept: "json" }] },
      apiKey: null,
    };
    expect(redactSecrets(input)).toEqual({
      name: "github",
      token: REDACTED,
      config: { clientSecret: REDACTED, url: "https://x", headers: [{ Authorization: REDACTED, accept: "json" }] },
      apiKey: null,
    });
    // the input is not modified
    expect(input.token).toBe("ghp_abc");
  });

  it("turns dates into ISO strings", () => {
    expect(redactSecrets({ at: new Date("2026-01-02T03:04:05Z") })).toEqual({ at: "2026-01-02T03:04:05.000Z" });
  });
});

describe("diffJson", () => {
  it("lists added, removed and replaced keys as JSON pointers", () => {
    expect(
      diffJson(
        { title: "Payments", description: "old", meta: { tier: 1, "a/b": 1 }, tags: ["a"] },
        { title: "Payments", meta: { tier: 2, "a/b": 1 }, tags: ["a", "b"], idpGroup: "pay" },
      ),
    ).toEqual([
      { op: "remove", path: "/description", old: "old" },
      { op: "add", path: "/idpGroup", value: "pay" },
      { op: "replace", path: "/meta/tier", old: 1, value: 2 },
      { op: "replace", path: "/tags", old: ["a"], value: ["a", "b"] },
    ]);
  });

  it("describes creation and deletion of a whole resource", () => {
    expect(diffJson(undefined, { a: 1 })).toEqual([{ op: "add", path: "", value: { a: 1 } }]);
    expect(diffJson({ a: 1 }, null)).toEqual([{ op: "remove", path: "", old: { a: 1 } }]);
    expect(diffJson({ a: 1 }, { a: 1 })).toEqual([]);
  });
});
