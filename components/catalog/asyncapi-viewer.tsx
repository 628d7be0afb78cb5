"use client";

import { useEffect, useRef, useState } from "react";
import "@asyncapi/react-component/styles/default.min.css";

/**
 * An AsyncAPI definition rendered by AsyncAPI's own React component, loaded only when a Definition tab shows
 * one. The server parsed it (server/catalog/asyncapi.ts): this is the component's bundle without the parser,
 * which compiles code at run time and is refused by the Content-Security-Policy. Nothing is fetched.
 */
export default function AsyncApiViewer({ document: parsed }: { document: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const node = ref.current;
    let cancelled = false;
    (async () => {
      try {
        const { default: standalone } = await import("@asyncapi/react-component/browser/standalone/without-parser.js");
        if (cancelled || !node) return;
        standalone.render({ schema: parsed, config: { show: { sidebar: false, errors: true } } }, node);
      } catch (e) {
        if (!cancelled) setError(e instanceof Error ? e.message : String(e));
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [parsed]);
  if (error) return <p role="alert" className="text-sm text-red-600 dark:text-red-400">The reference could not be shown: {error}</p>;
  return <div ref={ref} className="rounded bg-white text-zinc-900" />;
}
