import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { CampaignForm } from "../../_components/campaign-form";

export const metadata: Metadata = { title: "New campaign" };

const DAY = 86_400_000;

export default function NewCampaignPage() {
  const today = new Date(new Date().toISOString().slice(0, 10));
  return (
    <>
      <PageHeader title="New campaign" description="A goal on a scorecard for a set of entities, by a date. Owners hear when it starts, a week before the date and when it is overdue." />
      <CampaignForm
        isNew
        initial={{
          identifier: "",
          title: "",
          blueprint: "",
          scorecard: "",
          goal: { level: "" },
          startsAt: today.toISOString(),
          dueAt: new Date(today.getTime() + 42 * DAY).toISOString(),
        }}
      />
    </>
  );
}
