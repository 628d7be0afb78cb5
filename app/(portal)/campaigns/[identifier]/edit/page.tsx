import type { Metadata } from "next";
import { serverCaller } from "@/components/trpc/server";
import { PageHeader } from "@/components/ui/card";
import { CampaignForm } from "../../_components/campaign-form";

export const metadata: Metadata = { title: "Edit campaign" };

export default async function EditCampaignPage({ params }: { params: Promise<{ identifier: string }> }) {
  const { identifier } = await params;
  const caller = await serverCaller();
  const campaign = await caller.campaigns.get({ identifier: decodeURIComponent(identifier) });
  const { createdAt: _c, createdBy: _cb, updatedAt: _u, updatedBy: _ub, ...draft } = campaign;
  void [_c, _cb, _u, _ub];
  return (
    <>
      <PageHeader title={`Edit ${campaign.title}`} description="A new start or due date sends the notifications again." />
      <CampaignForm isNew={false} initial={draft} />
    </>
  );
}
