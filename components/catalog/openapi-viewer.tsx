"use client";

import { parse } from "yaml";
import "swagger-ui-dist/swagger-ui.css";
import { MountedViewer } from "./mounted-viewer";

/**
 * An OpenAPI definition rendered by Swagger UI (swagger-ui-dist: the maintained viewer, prebuilt, no
 * dependencies), loaded only when a Definition tab shows one. Nothing is fetched: the spec is given
 * whole, the online validator is off, and "Try it out" is off (the portal does not call other APIs).
 */
async function mountSwaggerUi(node: HTMLElement, definition: string, live: () => boolean) {
  const spec = (definition.trimStart().startsWith("{") ? JSON.parse(definition) : parse(definition, { maxAliasCount: 100 })) as object;
  const { default: SwaggerUIBundle } = await import("swagger-ui-dist/swagger-ui-bundle.js");
  if (live()) SwaggerUIBundle({ domNode: node, spec, validatorUrl: null, supportedSubmitMethods: [], deepLinking: false, docExpansion: "list", defaultModelsExpandDepth: 0 });
}

export default function OpenApiViewer({ definition }: { definition: string }) {
  return <MountedViewer definition={definition} mount={mountSwaggerUi} />;
}
