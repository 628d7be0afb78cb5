import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { BackstageExport } from "../_components/backstage-export";
import { BackstageImport } from "../_components/backstage-import";
import { PortExport, PortImport } from "../_components/port-json";

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
      <section aria-labelledby="port-json" className="mt-10 space-y-4">
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div>
            <h2 id="port-json" className="text-xl font-semibold tracking-tight">
              Port JSON
            </h2>
            <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
              Port&apos;s blueprints, scorecards and actions as Port writes them (jq templates included), or a whole export document with teams and entities. What
              Portico cannot run is refused by Port&apos;s name, with what to do instead. Export writes the configuration and catalog back as Port JSON.
            </p>
          </div>
          <PortExport />
        </div>
        <PortImport />
      </section>
    </>
  );
}
