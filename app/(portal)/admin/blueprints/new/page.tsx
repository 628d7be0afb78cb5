import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { BlueprintEditor } from "../../_components/blueprint-editor";
import { emptyDraft } from "../../_components/blueprint-draft";

export const metadata: Metadata = { title: "New blueprint" };

export default function NewBlueprintPage() {
  return (
    <>
      <PageHeader title="New blueprint" />
      <BlueprintEditor initial={emptyDraft()} isNew />
    </>
  );
}
