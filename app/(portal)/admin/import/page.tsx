import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { BackstageExport } from "../_components/backstage-export";
import { BackstageImport } from "../_components/backstage-import";

export const metadata: Metadata = { title: "Import" };

export default function ImportPage() {
  return (
    <>
      <PageHeader
        title="Import from Backstage"
        actions={<BackstageExport />}
        description="Paste or upload catalog-info.yaml files, or name a GitHub repository. Plan the import to see what will change and every problem, then apply it. Importing again updates what exists instead of duplicating it; an identical import changes nothing."
      />
      <BackstageImport />
    </>
  );
}
