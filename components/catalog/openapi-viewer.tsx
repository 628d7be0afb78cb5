"use client";

import { useEffect, useRef, useState } from "react";
import { parse } from "yaml";
import "swagger-ui-dist/swagger-ui.css";

/**
 * An OpenAPI definition rendered by Swagger UI (swagger-ui-dist: the maintained viewer, prebuilt, no
 * dependencies), loaded only when a Definition tab shows one. Nothing is fetched: the spec is given
 * whole, the online validator is off, and "Try it out" is off (the portal does not call other APIs).
 */
export default function OpenApiViewer({ definition }: { definition: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const node = ref.current;
    let cancelled = false;
    (async () => {
      try {
        const spec = (definition.trimStart().startsWith("{") ? JSON.parse(definition) : parse(definition, { maxAliasCount: 100 })) as object;
        const { default: SwaggerUIBundle } = await import("swagger-ui-dist/swagger-ui-bundle.js");
        if (cancelled || !node) return;
        SwaggerUIBundle({ domNode: node, spec, validatorUrl: null, supportedSubmitMethods: [], deepLinking: false, docExpansion: "list", defaultModelsExpandDepth: 0 });
      } catch (e) {
        if (!cancelled) setError(e instanceof Error ? e.message : String(e));
      }
    })();
    return () => {
      cancelled = true;
      if (node) node.replaceChildren();
    };
  }, [definition]);
  if (error) return <p role="alert" className="text-sm text-red-600 dark:text-red-400">The reference could not be shown: {error}</p>;
  // Swagger UI has one (light) theme.
  return <div ref={ref} className="rounded bg-white text-zinc-900" />;
}
