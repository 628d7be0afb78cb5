import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { BackstageImport } from "../_components/backstage-import";

export const metadata: Metadata = { title: "Import" };

export default function ImportPage() {
  return (
    <>
      <PageHeader
        title="Import from Backstage"
        description="Paste or upload catalog-info.yaml (one or many documents). Importing again updates what exists instead of duplicating it."
      />
      <BackstageImport />
    </>
  );
}
