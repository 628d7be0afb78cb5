import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/card";
import { HydrateClient, prefetch, trpc } from "@/components/trpc/server";
import { TokenList } from "../_components/token-list";

export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage() {
  await prefetch(trpc.tokens.list.queryOptions());
  return (
    <HydrateClient>
      <PageHeader
        title="API tokens"
        description={
          <>
            Bearer tokens for the <Link className="underline" href="/api-docs">REST API</Link>. A token acts with its role; the secret is shown once.
          </>
        }
      />
      <TokenList />
    </HydrateClient>
  );
}
