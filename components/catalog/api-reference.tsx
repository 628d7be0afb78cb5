"use client";

import dynamic from "next/dynamic";

const loading = () => (
  <p role="status" className="text-sm text-zinc-500">
    Loading the API reference…
  </p>
);

/** The OpenAPI reference, loaded in the browser only when a Definition tab shows one (Swagger UI is large). */
export const OpenApiReference = dynamic(() => import("./openapi-viewer"), { ssr: false, loading });

/** The AsyncAPI reference, loaded the same way (AsyncAPI's component with its parser is larger still). */
export const AsyncApiReference = dynamic(() => import("./asyncapi-viewer"), { ssr: false, loading });
