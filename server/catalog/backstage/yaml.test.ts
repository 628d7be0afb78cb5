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
  it("reads a large stream in worker threads exactly as one thread does: values, order, errors with the file's lines", async () => {
    const content = stream(9000);
    expect(content.length).toBeGreaterThan(2 * 1024 * 1024);
    const one = readYamlStream(content);
    const failures: unknown[] = [];
    const two = await readYamlStreamInParallel(content, { parts: 2, onWorkerError: (e) => failures.push(e) });
    const three = await readYamlStreamInParallel(content, { parts: 3, onWorkerError: (e) => failures.push(e) });
    // Every part was read by its worker (a failed one would be read here, hiding the workers' answers).
    expect(failures).toEqual([]);
    expect(two).toEqual(one);
    expect(three).toEqual(one);
    expect(one).toHaveLength(8999);
    const errors = one.filter((d) => "error" in d);
    expect(errors).toHaveLength(2);
    // The second error is in the worker's half, at the file's line (not its half's).
    expect(errors[1]!.line).toBeGreaterThan(content.split("\n").length / 2);
  });
});

describe("readYamlStream", () => {
  // What real files hold between and inside their documents; each piece on its own and among others.
  const pieces = [
    "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: plain\nspec:\n  type: service",
    " {kind: Component, metadata: {name: inline-on-the-marker}}",
    " |\n  a literal block on the marker line\n  --- not a marker: indented",
    "\nkind: API\nmetadata: {name: anchors}\nspec:\n  owner: &o team-a\n  definition: &d |\n    openapi: 3.0.0\n  also: *o\n  again: *d",
    "\nkind: API\nmetadata: {name: same-anchor-name}\nspec:\n  owner: &o team-b\n  also: *o",
    "\n# nothing but a comment",
    "",
    "\nkind: Component\nmetadata: {name: dates}\nspec: {created: 2026-01-31, on: yes, n: 012, f: 1e3, t: ~}",
    "\nkind: Component\nmetadata: {name: broken\nspec: [",
    "\nkind: Component\nmetadata:\n\tname: tab-indented",
    "\nkind: Component\nmetadata: {name: ends-with-dots}\n...\n# after the end marker",
    "\nkind: Component\nmetadata: {name: duplicate-keys}\nmetadata: {name: again}",
    "\n- a\n- list",
    "\n%YAML 1.2",
    "\nkind: Component\nmetadata: {name: unknown-alias}\nspec: {owner: *nowhere}",
  ];

  it("reads every kind of document as a js-yaml call per document does: values, skipped ones, errors and lines", () => {
    const content = ["apiVersion: v1\nkind: Group\nmetadata: {name: first-without-marker}", ...pieces].join("\n---");
    expect(readYamlStream(content)).toEqual(readYamlStream(content, { oneByOne: true }));
    const errors = readYamlStream(content).filter((d) => "error" in d);
    expect(errors.length).toBeGreaterThanOrEqual(3);
  });

  it("reads hundreds of documents in blocks with errors among them, each error costing only its own document", () => {
    const docs = Array.from({ length: 1000 }, (_, i) => pieces[(i * 7) % pieces.length]!.replace(/name: ([a-z-]+)/, `name: $1-${i}`));
    const content = `---${docs.join("\n---")}\n`;
    const blocks = readYamlStream(content);
    expect(blocks).toEqual(readYamlStream(content, { oneByOne: true }));
    expect(blocks.filter((d) => "value" in d).length).toBeGreaterThan(400);
    expect(blocks.filter((d) => "error" in d).length).toBeGreaterThan(150);
  });
});
