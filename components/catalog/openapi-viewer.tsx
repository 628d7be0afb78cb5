"use client";

import { parse } from "yaml";
import "swagger-ui-dist/swagger-ui.css";
import "./swagger-contrast.css";
import { MountedViewer } from "./mounted-viewer";

type Mount = (node: HTMLElement, definition: string, live: () => boolean) => Promise<void>;

/**
 * An OpenAPI definition rendered by Swagger UI (swagger-ui-dist: the maintained viewer, prebuilt, no
 * dependencies), loaded only when a page shows one. Nothing is fetched: the spec is given whole and the
 * online validator is off. "Try it out" is off for the catalog's API definitions (the portal does not
 * call other APIs) and on for Portico's own reference, where requests go to this portal with the token
 * the reader enters under Authorize (kept in the page only).
 */
const swaggerUi =
  (tryItOut: boolean): Mount =>
  async (node, definition, live) => {
    const spec = (definition.trimStart().startsWith("{") ? JSON.parse(definition) : parse(definition, { maxAliasCount: 100 })) as object;
    const { default: SwaggerUIBundle } = await import("swagger-ui-dist/swagger-ui-bundle.js");
    if (!live()) return;
    SwaggerUIBundle({
      domNode: node,
      spec,
      validatorUrl: null,
      supportedSubmitMethods: tryItOut ? ["get", "put", "post", "delete", "patch"] : [],
      persistAuthorization: false,
      deepLinking: false,
      docExpansion: "list",
      defaultModelsExpandDepth: 0,
    });
    // Swagger UI's server choice has no label of its own; it is rendered (and again) after the spec.
    const label = () => node.querySelector("select#servers:not([aria-label])")?.setAttribute("aria-label", "Server");
    label();
    new MutationObserver(label).observe(node, { childList: true, subtree: true });
  };

const readOnly = swaggerUi(false);
const live = swaggerUi(true);

export default function OpenApiViewer({ definition, tryItOut = false }: { definition: string; tryItOut?: boolean }) {
  return <MountedViewer definition={definition} mount={tryItOut ? live : readOnly} />;
}
