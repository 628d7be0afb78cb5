import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { HydrateClient, prefetch, trpc } from "@/components/trpc/server";
import { GitHubIntegration } from "../_components/github-integration";

export const metadata: Metadata = { title: "Integrations" };

export default async function IntegrationsPage() {
  await prefetch(trpc.integrations.github.queryOptions());
  return (
    <HydrateClient>
      <PageHeader title="Integrations" description="Connect GitHub to discover repositories and their catalog-info.yaml files." />
      <GitHubIntegration />
    </HydrateClient>
  );
}
