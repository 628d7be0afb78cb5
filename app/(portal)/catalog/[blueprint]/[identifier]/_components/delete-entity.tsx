"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { ConfirmDeleteDialog } from "@/components/ui/confirm-dialog";

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
      <ConfirmDeleteDialog
        open={open}
        onOpenChange={setOpen}
        title={`Delete ${name}?`}
        description="Relations from other entities to it will point at nothing. The audit log keeps its history."
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate({ blueprint, identifier })}
      />
    </>
  );
}
