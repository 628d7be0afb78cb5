import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { HydrateClient, prefetch, trpc } from "@/components/trpc/server";
import { GitHubIntegration } from "../_components/github-integration";
import { GitLabIntegration } from "../_components/gitlab-integration";
import { ClusterSettings, WebhookSettings } from "../_components/run-integrations";

export const metadata: Metadata = { title: "Integrations" };

export default async function IntegrationsPage() {
  await Promise.all([prefetch(trpc.integrations.github.queryOptions()), prefetch(trpc.integrations.gitlab.queryOptions()), prefetch(trpc.integrations.webhooks.queryOptions()), prefetch(trpc.integrations.clusters.queryOptions())]);
  return (
    <HydrateClient>
      <PageHeader title="Integrations" description="GitHub for discovery, CI runs and workflow actions; GitLab for pipeline actions; Kubernetes clusters for environment dashboards and Job actions; outgoing webhooks." />
      <GitHubIntegration />
      <GitLabIntegration />
      <ClusterSettings />
      <WebhookSettings />
    </HydrateClient>
  );
}
