"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

/** A file for the browser to download, and what the export could not say (listed under the button). */
export type ExportFile = { fileName: string; text: string; type: string; warnings?: string[] };

/** One export of the import page: fetches the file, hands it to the browser, and shows a failure or the warnings. */
export function ExportButton({ label, warningsTitle, load }: { label: string; warningsTitle?: string; load: () => Promise<ExportFile> }) {
  const [state, setState] = useState<"idle" | "busy" | { warnings: string[] } | { error: string }>("idle");
  return (
    <div className="space-y-2">
      <Button
        type="button"
        variant="secondary"
        disabled={state === "busy"}
        onClick={async () => {
          setState("busy");
          try {
            const file = await load();
            const url = URL.createObjectURL(new Blob([file.text], { type: file.type }));
            const a = Object.assign(document.createElement("a"), { href: url, download: file.fileName });
            a.click();
            URL.revokeObjectURL(url);
            setState({ warnings: file.warnings ?? [] });
          } catch (error) {
            setState({ error: error instanceof Error ? error.message : String(error) });
          }
        }}
      >
        {state === "busy" ? "Exporting…" : label}
      </Button>
      {typeof state === "object" && "error" in state ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {state.error}
        </p>
      ) : null}
      {typeof state === "object" && "warnings" in state && state.warnings.length ? (
        <div role="status" className="text-sm">
          <p className="font-medium">{warningsTitle ?? "Exported, with warnings:"}</p>
          <ul className="list-inside list-disc text-zinc-600 dark:text-zinc-400">
            {state.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
