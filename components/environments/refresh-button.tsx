"use client";

import { useMutation } from "@tanstack/react-query";
import { Loader2, RefreshCw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTRPC } from "../trpc/client";
import { Button } from "../ui/button";
import { MutationError } from "../ui/mutation-error";

/** Reads the environment's namespace from its cluster now, then re-renders the page from the database. */
export function RefreshEnvironment({ environment }: { environment: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const refresh = useMutation(trpc.environments.refresh.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <div className="flex flex-col items-end gap-1">
      <Button type="button" variant="secondary" size="sm" disabled={refresh.isPending} onClick={() => refresh.mutate({ environment })}>
        {refresh.isPending ? <Loader2 aria-hidden className="size-4 animate-spin" /> : <RefreshCw aria-hidden className="size-4" />} Refresh
      </Button>
      <MutationError error={refresh.error} />
    </div>
  );
}
