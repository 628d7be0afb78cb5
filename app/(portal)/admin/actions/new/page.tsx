import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { ActionEditor } from "../../_components/action-editor";

export const metadata: Metadata = { title: "New action · Admin" };

const starter = {
  identifier: "",
  title: "",
  blueprint: "service",
  operation: "CREATE",
  userInputs: { properties: { name: { type: "string", title: "Name", pattern: "^[a-z][a-z0-9-]*$" } }, required: ["name"] },
  invocation: { type: "webhook", url: "https://hooks.example.com/portico", body: { name: "{{ inputs.name }}", run: "{{ run.id }}" } },
};

export default function NewActionPage() {
  return (
    <>
      <PageHeader title="New action" />
      <ActionEditor initial={starter} isNew />
    </>
  );
}
