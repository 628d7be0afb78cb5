"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";
import { Table, Td, Th } from "@/components/ui/table";
import { TeamForm, toTeamInput } from "./team-form";

export function TeamList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const teams = useQuery(trpc.teams.list.queryOptions());
  const [creating, setCreating] = useState(false);
  const create = useMutation(
    trpc.teams.create.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.teams.pathKey() });
        setCreating(false);
      },
    }),
  );

  return (
    <div className="space-y-4">
      <div className="flex justify-end">
        <Button onClick={() => (create.reset(), setCreating(true))}>
          <Plus aria-hidden className="size-4" /> New team
        </Button>
      </div>
      {teams.isPending ? (
        <Loading label="Loading teams…" />
      ) : teams.isError ? (
        <ErrorState message={teams.error.message} retry={() => void teams.refetch()} />
      ) : teams.data.length === 0 ? (
        <EmptyState title="No teams yet">Create a team, then add members or map it to an IdP group.</EmptyState>
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>Team</Th>
              <Th>Identifier</Th>
              <Th>IdP group</Th>
              <Th className="text-right">Members</Th>
            </tr>
          </thead>
          <tbody>
            {teams.data.map((t) => (
              <tr key={t.id}>
                <Td>
                  <Link href={`/admin/teams/${encodeURIComponent(t.id)}`} className="font-medium text-brand-700 hover:underline dark:text-brand-300">
                    {t.title}
                  </Link>
                </Td>
                <Td>
                  <code className="font-mono text-xs">{t.id}</code>
                </Td>
                <Td>{t.idpGroup ?? <span className="text-zinc-400">—</span>}</Td>
                <Td className="text-right">{t.memberCount}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <Dialog open={creating} onOpenChange={setCreating} title="New team">
        <TeamForm
          initial={{ id: "", title: "", description: "", idpGroup: "", parentId: "" }}
          parents={teams.data ?? []}
          submitLabel="Create team"
          pending={create.isPending}
          error={create.error}
          onSubmit={(v) => create.mutate(toTeamInput(v))}
        />
      </Dialog>
    </div>
  );
}
