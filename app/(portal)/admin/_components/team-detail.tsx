"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Card, CardTitle, PageHeader } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { Field, Select } from "@/components/ui/field";
import { Badge } from "@/components/ui/badge";
import { MutationError } from "@/components/ui/mutation-error";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";
import { TeamForm, toTeamInput } from "./team-form";

export function TeamDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const team = useQuery(trpc.teams.get.queryOptions({ id }));
  const teams = useQuery(trpc.teams.list.queryOptions());
  const users = useQuery(trpc.users.list.queryOptions({}));
  const [newMember, setNewMember] = useState("");
  const [confirmDelete, setConfirmDelete] = useState(false);
  const invalidate = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.teams.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.users.pathKey() }),
    ]);

  const update = useMutation(trpc.teams.update.mutationOptions({ onSuccess: invalidate }));
  const addMember = useMutation(trpc.teams.addMember.mutationOptions({ onSuccess: () => (setNewMember(""), invalidate()) }));
  const removeMember = useMutation(trpc.teams.removeMember.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(
    trpc.teams.delete.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        router.push("/admin/teams");
      },
    }),
  );

  if (team.isPending) return <Loading label="Loading team…" />;
  if (team.isError) return <ErrorState message={team.error.message} retry={() => void team.refetch()} />;
  const t = team.data;
  const memberIds = new Set(t.members.map((m) => m.id));
  const candidates = (users.data ?? []).filter((u) => !memberIds.has(u.id));

  return (
    <>
      <PageHeader
        title={t.title}
        description={
          <>
            <Link href="/admin/teams" className="underline">
              Teams
            </Link>{" "}
            · <code className="font-mono text-xs">{t.id}</code>
          </>
        }
        actions={
          <Button variant="danger" onClick={() => setConfirmDelete(true)}>
            Delete team
          </Button>
        }
      />
      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <CardTitle>Details</CardTitle>
          <TeamForm
            key={t.updatedAt.toISOString()}
            initial={{ id: t.id, title: t.title, description: t.description ?? "", idpGroup: t.idpGroup ?? "", parentId: t.parentId ?? "" }}
            // Not this team, nor one below it: the tree would become a loop (the server refuses that too).
            parents={(teams.data ?? []).filter((o) => !t.subtree.includes(o.id))}
            lockId
            submitLabel="Save changes"
            pending={update.isPending}
            error={update.error}
            onSubmit={(v) => update.mutate(toTeamInput(v))}
          />
          {update.isSuccess ? (
            <p role="status" className="mt-2 text-sm text-green-700 dark:text-green-400">
              Saved.
            </p>
          ) : null}
        </Card>
        <Card>
          <CardTitle>Members ({t.members.length})</CardTitle>
          {t.members.length === 0 ? (
            <EmptyState title="No members yet">Add people below, or map the team to an IdP group.</EmptyState>
          ) : (
            <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {t.members.map((m) => (
                <li key={m.id} className="flex items-center justify-between gap-2 py-2 text-sm">
                  <span>
                    {m.name ?? m.email} <span className="text-zinc-500">{m.name ? m.email : ""}</span>{" "}
                    {m.source === "idp" ? <Badge tone="blue">from IdP</Badge> : null}
                  </span>
                  <Button
                    variant="ghost"
                    size="sm"
                    aria-label={`Remove ${m.email}`}
                    disabled={removeMember.isPending}
                    onClick={() => removeMember.mutate({ teamId: t.id, userId: m.id })}
                  >
                    Remove
                  </Button>
                </li>
              ))}
            </ul>
          )}
          <MutationError error={removeMember.error} />
          <form
            className="mt-4 flex items-end gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              if (newMember) addMember.mutate({ teamId: t.id, userId: newMember });
            }}
          >
            <div className="flex-1">
              <Field label="Add a member">
                {(p) => (
                  <Select {...p} value={newMember} onChange={(e) => setNewMember(e.target.value)} disabled={users.isPending}>
                    <option value="">{users.isPending ? "Loading users…" : candidates.length ? "Choose a user" : "Everyone is a member"}</option>
                    {candidates.map((u) => (
                      <option key={u.id} value={u.id}>
                        {u.name ? `${u.name} (${u.email})` : u.email}
                      </option>
                    ))}
                  </Select>
                )}
              </Field>
            </div>
            <Button type="submit" disabled={!newMember || addMember.isPending}>
              Add
            </Button>
          </form>
          <MutationError error={addMember.error} />
        </Card>
      </div>
      <Dialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title={`Delete team ${t.title}?`}
        description="Its memberships go with it. Entities keep the team identifier as owner until you change them."
      >
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setConfirmDelete(false)}>
            Cancel
          </Button>
          <Button variant="danger" disabled={remove.isPending} onClick={() => remove.mutate({ id: t.id })}>
            {remove.isPending ? "Deleting…" : "Delete team"}
          </Button>
        </div>
        <MutationError error={remove.error} />
      </Dialog>
    </>
  );
}
