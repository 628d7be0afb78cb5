import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { PropertyValue } from "./property-value";
import { RichPropertyValue } from "./rich-property-value";

const html = (value: unknown, definition?: Parameters<typeof PropertyValue>[0]["definition"]) => renderToStaticMarkup(createElement(PropertyValue, { value, definition }));

describe("PropertyValue", () => {
  it("shows a list of words (tags) as chips, not as JSON", () => {
    const out = html(["java", "payments"]);
    expect(out).not.toContain("[");
    expect(out.match(/<span class="inline-flex items-center rounded/g)).toHaveLength(2);
    expect(out).toContain(">java<");
  });

  it("shows Backstage's links as links with their titles, and only web and mail addresses as links", () => {
    const out = html([{ url: "https://runbook.example.com", title: "Runbook", icon: "docs" }, { url: "mailto:oncall@example.com" }, { url: "javascript:alert(1)", title: "Bad" }]);
    expect(out).toContain('<a href="https://runbook.example.com"');
    expect(out).toContain(">Runbook</a>");
    expect(out).toContain('<a href="mailto:oncall@example.com"');
    expect(out).not.toContain("javascript:");
    expect(out).toContain("<span>Bad</span>");
  });

  it("keeps enums as coloured badges, urls as links, maps of words (annotations) as key/value lists, and other objects as compact JSON", () => {
    expect(html("production", { type: "string", enum: ["production"], enumColors: { production: "green" } })).toContain("bg-green-100");
    expect(html("https://x.example.com", { type: "string", format: "url" })).toContain('<a href="https://x.example.com"');
    expect(html("javascript:alert(1)", { type: "string", format: "url" })).not.toContain("<a");
    const annotations = html({ "github.com/project-slug": "acme/x", "example.com/dashboard": "https://d.example.com", "evil/link": "javascript:alert(1)" });
    expect(annotations).toContain('<dt class="break-all font-mono text-zinc-500">github.com/project-slug</dt><dd class="break-all font-mono">acme/x</dd>');
    expect(annotations).toContain('<a href="https://d.example.com"');
    expect(annotations).not.toContain('href="javascript');
    expect(html({ limits: { cpu: 2 } })).toBe('<code class="font-mono text-xs">{&quot;limits&quot;:{&quot;cpu&quot;:2}}</code>');
    expect(html([])).toContain("—");
  });

  it("renders Markdown properties as Markdown, without raw HTML or script links", () => {
    const out = renderToStaticMarkup(createElement(RichPropertyValue, { value: "**Runbook**: [open](https://runbook.example.com) <img src=x onerror=alert(1)> [bad](javascript:alert(1))\n\n| a | b |\n|---|---|\n| 1 | 2 |", definition: { type: "string", format: "markdown" } }));
    expect(out).toContain("<strong>Runbook</strong>");
    expect(out).toContain('<a href="https://runbook.example.com">open</a>');
    expect(out).toContain("<table>");
    expect(out).not.toContain("<img");
    expect(out).not.toContain("javascript:");
  });
});
