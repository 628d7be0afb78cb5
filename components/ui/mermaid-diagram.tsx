"use client";

import { useEffect, useId, useState } from "react";

/**
 * A Mermaid diagram (a ```mermaid block of Markdown), drawn in the browser. Mermaid is loaded only when
 * a page has a diagram, runs with `securityLevel: "strict"` (no HTML labels, no click handlers; its
 * SVG is sanitised), and the block's text stays readable while it loads or when it cannot be drawn.
 */
export function MermaidDiagram({ code }: { code: string }) {
  const id = `mermaid-${useId().replace(/[^A-Za-z0-9_-]/g, "")}`;
  const [drawn, setDrawn] = useState<{ svg?: string; error?: string }>({});
  useEffect(() => {
    let live = true;
    (async () => {
      const mermaid = (await import("mermaid")).default;
      const root = document.documentElement.classList;
      const dark = root.contains("dark") || (root.contains("system") && matchMedia("(prefers-color-scheme: dark)").matches);
      mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: dark ? "dark" : "neutral", fontFamily: "inherit" });
      const { svg } = await mermaid.render(id, code);
      if (live) setDrawn({ svg });
    })().catch((error: unknown) => {
      if (live) setDrawn({ error: error instanceof Error ? error.message : String(error) });
    });
    return () => {
      live = false;
    };
  }, [id, code]);
  if (drawn.svg) return <figure className="my-2 overflow-auto" role="img" aria-label="Diagram" tabIndex={0} dangerouslySetInnerHTML={{ __html: drawn.svg }} />;
  return (
    <figure className="my-2">
      <pre className="text-xs" tabIndex={0}>
        {code}
      </pre>
      {drawn.error ? <figcaption className="mt-1 text-xs text-red-600">The diagram could not be drawn: {drawn.error}</figcaption> : null}
    </figure>
  );
}
