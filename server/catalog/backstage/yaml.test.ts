import { describe, expect, it } from "vitest";
import { readYamlStream, readYamlStreamInParallel } from "./yaml";

/** A stream over the parallel threshold, with a syntax error in each half and a comment-only document. */
function stream(n: number) {
  const docs: string[] = [];
  for (let i = 0; i < n; i++) {
    if (i === 10 || i === n - 10) docs.push(`kind: Component\nmetadata: {name: broken-${i}\n  spec: [`);
    else if (i === 20) docs.push("# only a comment");
    else docs.push(`apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: c-${i}\n  description: "${"x".repeat(200)}"\nspec:\n  type: service\n  owner: team-${i % 7}`);
  }
  return docs.join("\n---\n");
}

describe("readYamlStreamInParallel", () => {
  it("reads a large stream on two threads exactly as one thread does: values, order, errors with the file's lines", async () => {
    const content = stream(9000);
    expect(content.length).toBeGreaterThan(2 * 1024 * 1024);
    const one = readYamlStream(content);
    const two = await readYamlStreamInParallel(content);
    expect(two).toEqual(one);
    expect(one).toHaveLength(8999);
    const errors = one.filter((d) => "error" in d);
    expect(errors).toHaveLength(2);
    // The second error is in the worker's half, at the file's line (not its half's).
    expect(errors[1]!.line).toBeGreaterThan(content.split("\n").length / 2);
  });
});
