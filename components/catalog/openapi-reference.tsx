"use client";

import dynamic from "next/dynamic";

/** The OpenAPI reference, loaded in the browser only when a Definition tab shows one (Swagger UI is large). */
export const OpenApiReference = dynamic(() => import("./openapi-viewer"), {
  ssr: false,
  loading: () => (
    <p role="status" className="text-sm text-zinc-500">
      Loading the API reference…
    </p>
  ),
});
