"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { downloadText } from "./download";

/** Downloads the catalog, teams and their users as Backstage YAML (importing it gives the same catalog). */
export function BackstageExport() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [state, setState] = useState<"idle" | "busy" | { error: string }>("idle");
  return (
    <div className="flex items-center gap-3">
      <Button
        type="button"
        variant="secondary"
        disabled={state === "busy"}
        onClick={async () => {
          setState("busy");
          try {
            const yaml = await queryClient.fetchQuery({ ...trpc.import.exportBackstage.queryOptions(), staleTime: 0 });
            downloadText("catalog-info.yaml", yaml, "application/yaml");
            setState("idle");
          } catch (error) {
            setState({ error: error instanceof Error ? error.message : String(error) });
          }
        }}
      >
        {state === "busy" ? "Exporting…" : "Export as Backstage YAML"}
      </Button>
      {typeof state === "object" ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {state.error}
        </p>
      ) : null}
    </div>
  );
}
