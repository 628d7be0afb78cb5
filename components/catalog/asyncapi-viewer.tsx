"use client";

import { useEffect, useRef, useState } from "react";
import "@asyncapi/react-component/styles/default.min.css";

/**
 * An AsyncAPI definition rendered by AsyncAPI's own React component (its prebuilt browser bundle, with the
 * parser), loaded only when a Definition tab shows one. The parser compiles schemas to functions, so the
 * Definition page is one of the pages whose Content-Security-Policy allows eval (proxy.ts); its
 * `connect-src 'self'` keeps the parser from fetching anything a definition references outside the portal.
 */
export default function AsyncApiViewer({ definition }: { definition: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const node = ref.current;
    let cancelled = false;
    (async () => {
      try {
        const { default: standalone } = await import("@asyncapi/react-component/browser/standalone/index.js");
        if (cancelled || !node) return;
        standalone.render({ schema: definition, config: { show: { sidebar: false, errors: true } } }, node);
      } catch (e) {
        if (!cancelled) setError(e instanceof Error ? e.message : String(e));
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [definition]);
  if (error) return <p role="alert" className="text-sm text-red-600 dark:text-red-400">The reference could not be shown: {error}</p>;
  return <div ref={ref} className="rounded bg-white text-zinc-900" />;
}
