"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/field";
import { MutationError } from "@/components/ui/mutation-error";

/** Deleting a blueprint with entities asks the admin to type its identifier. */
export function DeleteBlueprint({ identifier, entityCount }: { identifier: string; entityCount: number }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const remove = useMutation(
    trpc.blueprints.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.catalog.pathKey() });
        router.push("/admin/blueprints");
        router.refresh();
      },
    }),
  );
  const needsTyping = entityCount > 0;
  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>
        Delete blueprint
      </Button>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        title={`Delete ${identifier}?`}
        description={needsTyping ? `Its ${entityCount} entities are deleted with it.` : "It has no entities."}
      >
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            remove.mutate({ identifier, confirm: needsTyping });
          }}
        >
          {needsTyping ? <Field label={`Type ${identifier} to confirm`}>{(p) => <Input {...p} value={typed} onChange={(e) => setTyped(e.target.value)} />}</Field> : null}
          <MutationError error={remove.error} />
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" disabled={remove.isPending || (needsTyping && typed !== identifier)}>
              {remove.isPending ? "Deleting…" : "Delete"}
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
