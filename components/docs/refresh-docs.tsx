"use client";

import { useMutation } from "@tanstack/react-query";
import { Loader2, RefreshCw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTRPC } from "../trpc/client";
import { Button } from "../ui/button";
import { MutationError } from "../ui/mutation-error";

/** "Refresh now": reads the docs from GitHub at once (the entity's owners and admins), then shows the new pages. */
export function RefreshDocs({ blueprint, identifier }: { blueprint: string; identifier: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const refresh = useMutation(trpc.docs.refresh.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <div className="flex flex-col items-end gap-1">
      <Button variant="secondary" size="sm" onClick={() => refresh.mutate({ blueprint, identifier })} disabled={refresh.isPending}>
        {refresh.isPending ? <Loader2 className="size-4 animate-spin" aria-hidden /> : <RefreshCw className="size-4" aria-hidden />}
        {refresh.isPending ? "Reading from GitHub…" : "Refresh now"}
      </Button>
      {refresh.data && !refresh.isPending ? (
        <p role="status" className="text-xs text-zinc-500">
          {refresh.data.status === "ok" ? (refresh.data.changed ? `Read ${refresh.data.pages} pages` : "Up to date") : refresh.data.message}
        </p>
      ) : null}
      <MutationError error={refresh.error} />
    </div>
  );
}
