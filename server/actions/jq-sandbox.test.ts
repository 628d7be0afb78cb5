import { describe, expect, it } from "vitest";
import { evaluateInSandbox } from "./template-sandbox";

describe("jq in the expression sandbox (Port's calculation properties)", () => {
  it("sees neither the server's environment nor its files", async () => {
    // Vitest runs with VITEST and NODE_ENV set: a jq that saw the process's environment would show them.
    const env = await evaluateInSandbox("$ENV", {}, "jq");
    expect(env.kind).toBe("ok");
    expect(JSON.stringify(env)).not.toMatch(/VITEST|NODE_ENV/);
    expect(JSON.stringify(env)).not.toContain(process.cwd());
    // package.json exists in the working directory; jq's module system looks in its own empty file system.
    expect(await evaluateInSandbox(`import "${process.cwd()}/package" as $p; $p`, {}, "jq")).toMatchObject({ kind: "failed", message: expect.stringContaining("module not found") });
  });

  it("answers with the first output, names syntax errors, and stops a runaway expression", async () => {
    expect(await evaluateInSandbox(".a, .b", { a: 1, b: 2 }, "jq")).toEqual({ kind: "ok", value: 1 });
    expect(await evaluateInSandbox(".a | (", {}, "jq")).toMatchObject({ kind: "syntax" });
    expect(await evaluateInSandbox("def f: f; f", {}, "jq")).toMatchObject({ kind: "failed", message: expect.stringMatching(/took longer than/) });
    expect(await evaluateInSandbox(".a + 1", { a: 2 }, "jq")).toEqual({ kind: "ok", value: 3 });
  }, 20_000);
});
