"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { ExportButton } from "./export-button";

/** Downloads the catalog, teams and their users as Backstage YAML (importing it gives the same catalog). */
export function BackstageExport() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return (
    <ExportButton
      label="Export as Backstage YAML"
      load={async () => ({
        fileName: "catalog-info.yaml",
        text: await queryClient.fetchQuery({ ...trpc.import.exportBackstage.queryOptions(), staleTime: 0 }),
        type: "application/yaml",
      })}
    />
  );
}
