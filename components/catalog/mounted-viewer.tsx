"use client";

import { useEffect, useRef, useState } from "react";

/**
 * A third-party viewer that renders into a DOM node of its own (Swagger UI, AsyncAPI's bundle): `mount` loads it
 * and renders `definition` into the node; a failure is shown in words. The viewers have one (light) theme.
 */
export function MountedViewer({ definition, mount }: { definition: string; mount: (node: HTMLElement, definition: string, live: () => boolean) => Promise<void> }) {
  const ref = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const node = ref.current;
    let live = true;
    if (node) {
      mount(node, definition, () => live).catch((e: unknown) => {
        if (live) setError(e instanceof Error ? e.message : String(e));
      });
    }
    return () => {
      live = false;
      node?.replaceChildren();
    };
  }, [definition, mount]);
  if (error) return <p role="alert" className="text-sm text-red-600 dark:text-red-400">The reference could not be shown: {error}</p>;
  return <div ref={ref} className="rounded bg-white text-zinc-900" />;
}
