import { describe, expect, it } from "vitest";
import { renderTemplate, TemplateError, templateProblems, type TemplateContext } from "./templates";

const context: TemplateContext = {
  inputs: { name: "billing", replicas: 3, tags: ["a", "b"], tier: "gold" },
  entity: { identifier: "payments-api", title: "Payments API", properties: { language: "go" } },
  user: { id: "u1", email: "ada@example.com", name: "Ada", teams: ["payments"] },
  run: { id: "r-1", url: "http://localhost:3000/runs/r-1" },
  action: { identifier: "deploy", title: "Deploy", blueprint: "service" },
};

describe("payload templates", () => {
  it("keeps the type of a value that is exactly one expression", async () => {
    expect(await renderTemplate("{{ inputs.replicas }}", context)).toBe(3);
    expect(await renderTemplate("{{inputs.tags}}", context)).toEqual(["a", "b"]);
    expect(await renderTemplate("{{ entity.properties }}", context)).toEqual({ language: "go" });
  });

  it("writes expressions into strings, with JSONata functions and missing values as empty", async () => {
    expect(await renderTemplate("svc-{{ $lowercase(inputs.name) }}-{{ inputs.replicas * 2 }}", context)).toBe("svc-billing-6");
    expect(await renderTemplate("by {{ user.email }} for {{ inputs.nothing }}!", context)).toBe("by ada@example.com for !");
    expect(await renderTemplate("{{ inputs.tier = 'gold' ? 'big' : 'small' }}", context)).toBe("big");
  });

  it("renders nested objects and arrays, leaves other values alone and drops keys whose value is missing", async () => {
    const rendered = await renderTemplate(
      { metadata: { name: "db-{{ run.id }}", labels: { team: "{{ user.teams[0] }}" } }, args: ["--size", "{{ inputs.replicas }}"], n: 1, off: false, gone: "{{ inputs.nothing }}" },
      context,
    );
    expect(rendered).toEqual({ metadata: { name: "db-r-1", labels: { team: "payments" } }, args: ["--size", 3], n: 1, off: false });
  });

  it("names the path of a broken expression, and stops runaway ones", async () => {
    await expect(renderTemplate({ a: { b: "{{ inputs.( }}" } }, context)).rejects.toThrow(TemplateError);
    await expect(renderTemplate({ a: { b: "{{ inputs.( }}" } }, context)).rejects.toThrow(/^\/a\/b: cannot read/);
    // Unbounded recursion: the depth guard ends it rather than the worker.
    await expect(renderTemplate("{{ ($f := function($n) { $f($n + 1) }; $f(0)) }}", context)).rejects.toThrow(/failed/);
    expect(templateProblems({ body: { x: "{{ ok }}", y: ["{{ ( }}"] } })).toEqual([{ path: "/body/y/0", message: expect.stringMatching(/cannot read/) }]);
  });
});

describe("templates under limits (issue 16, item 8)", () => {
  it("a hostile template fails with a clear error while evaluation goes on serving", async () => {
    const started = Date.now();
    // Catastrophic backtracking: would hold the event loop for minutes.
    const failure = (p: Promise<unknown>) => p.then(() => new Error("it succeeded"), (error: Error) => error);
    const regex = failure(renderTemplate(`{{ $match("${"a".repeat(40)}!", /^(a+)+$/) }}`, context));
    // Memory: an array far beyond the worker's heap, built up by doubling.
    const memory = failure(renderTemplate("{{ $reduce([1..28], function($acc, $x) { $append($acc, $acc) }, [1, 2, 3, 4, 5, 6, 7, 8]) }}", context));
    const pad = failure(renderTemplate("{{ $pad('x', 1000000000) }}", context));
    // Meanwhile an ordinary template is answered, and the event loop of this process stays free.
    const ticks: number[] = [];
    const timer = setInterval(() => ticks.push(Date.now()), 50);
    expect(await renderTemplate("{{ inputs.replicas * 2 }}", context)).toBe(6);
    expect((await regex).message).toMatch(/failed: it took longer than 2000 ms/);
    // Out of the worker's heap, or stopped at the deadline while it was getting there.
    expect((await memory).message).toMatch(/failed: (it used more than 64 MB of memory|it took longer than 2000 ms|Invalid array length)$/);
    expect((await pad).message).toMatch(/failed: Invalid string length/);
    clearInterval(timer);
    expect(ticks.length).toBeGreaterThan(5);
    expect(Math.max(...ticks.slice(1).map((t, i) => t - ticks[i]!))).toBeLessThan(500);
    expect(Date.now() - started).toBeLessThan(10_000);
    // And afterwards the sandbox still works.
    expect(await renderTemplate("{{ $uppercase(inputs.name) }}", context)).toBe("BILLING");
  });

  it("refuses a value larger than the result limit", async () => {
    await expect(renderTemplate("{{ $join([1..200000].$string(), ',') }}", context)).rejects.toThrow(/larger than/);
  });
});
