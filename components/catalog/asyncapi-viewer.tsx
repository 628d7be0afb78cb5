"use client";

import "@asyncapi/react-component/styles/default.min.css";
import { MountedViewer } from "./mounted-viewer";

/**
 * An AsyncAPI definition rendered by AsyncAPI's own React component (its prebuilt browser bundle, with the
 * parser), loaded only when a Definition tab shows one. The parser compiles schemas to functions, so the
 * Definition page is one of the pages whose Content-Security-Policy allows eval (proxy.ts); its
 * `connect-src 'self'` keeps the parser from fetching anything a definition references outside the portal.
 */
async function mountAsyncApi(node: HTMLElement, definition: string, live: () => boolean) {
  const { default: standalone } = await import("@asyncapi/react-component/browser/standalone/index.js");
  if (live()) standalone.render({ schema: definition, config: { show: { sidebar: false, errors: true } } }, node);
}

export default function AsyncApiViewer({ definition }: { definition: string }) {
  return <MountedViewer definition={definition} mount={mountAsyncApi} />;
}
