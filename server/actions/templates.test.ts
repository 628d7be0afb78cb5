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
