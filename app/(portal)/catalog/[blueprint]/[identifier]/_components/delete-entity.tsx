"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { MutationError } from "@/components/ui/mutation-error";

export function DeleteEntity({ blueprint, identifier, name }: { blueprint: string; identifier: string; name: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const remove = useMutation(
    trpc.catalog.deleteEntity.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.catalog.pathKey() });
        router.push(`/catalog/${encodeURIComponent(blueprint)}`);
        router.refresh();
      },
    }),
  );
  return (
    <>
      <Button variant="danger" size="sm" onClick={() => setOpen(true)}>
        Delete
      </Button>
      <Dialog open={open} onOpenChange={setOpen} title={`Delete ${name}?`} description="Relations from other entities to it will point at nothing. The audit log keeps its history.">
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button variant="danger" disabled={remove.isPending} onClick={() => remove.mutate({ blueprint, identifier })}>
            {remove.isPending ? "Deleting…" : "Delete"}
          </Button>
        </div>
        <MutationError error={remove.error} />
      </Dialog>
    </>
  );
}
