"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";
import { MutationError } from "@/components/ui/mutation-error";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";
import { Table, Td, Th } from "@/components/ui/table";
import { Time } from "@/components/ui/time";

export function UserList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState("");
  const users = useQuery(trpc.users.list.queryOptions({}));
  const setRole = useMutation(
    trpc.users.setRole.mutationOptions({ onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.users.pathKey() }) }),
  );
  const endSessions = useMutation(
    trpc.users.endSessions.mutationOptions({ onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.users.pathKey() }) }),
  );
  const q = search.trim().toLowerCase();
  const shown = (users.data ?? []).filter((u) => !q || u.email.includes(q) || (u.name ?? "").toLowerCase().includes(q));

  return (
    <div className="space-y-4">
      <label className="block max-w-sm text-sm font-medium">
        Filter users
        <Input className="mt-1" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="name or email" />
      </label>
      <MutationError error={setRole.error ?? endSessions.error} />
      {endSessions.data ? (
        <p role="status" className="text-sm">
          Ended {endSessions.data.ended} {endSessions.data.ended === 1 ? "session" : "sessions"}: that user is signed out at their next request.
        </p>
      ) : null}
      {users.isPending ? (
        <Loading label="Loading users…" />
      ) : users.isError ? (
        <ErrorState message={users.error.message} retry={() => void users.refetch()} />
      ) : shown.length === 0 ? (
        <EmptyState title={q ? "No user matches" : "No users yet"}>Users appear here at their first sign-in.</EmptyState>
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>User</Th>
              <Th>Teams</Th>
              <Th>Role</Th>
              <Th>Last sign-in</Th>
              <Th>Sessions</Th>
            </tr>
          </thead>
          <tbody>
            {shown.map((u) => (
              <tr key={u.id}>
                <Td>
                  <p className="font-medium">{u.name ?? u.email}</p>
                  {u.name ? <p className="text-xs text-zinc-500">{u.email}</p> : null}
                </Td>
                <Td>{u.teams.join(", ") || <span className="text-zinc-400">—</span>}</Td>
                <Td>
                  <div className="flex items-center gap-2">
                    <Select
                      aria-label={`Role of ${u.email}`}
                      className="w-32"
                      value={u.role}
                      disabled={setRole.isPending}
                      onChange={(e) => setRole.mutate({ userId: u.id, role: e.target.value as "admin" | "member" })}
                    >
                      <option value="member">member</option>
                      <option value="admin">admin</option>
                    </Select>
                    {u.roleSource === "idp" ? <Badge tone="blue">from IdP</Badge> : null}
                  </div>
                </Td>
                <Td className="whitespace-nowrap">
                  {u.lastSignInAt ? <Time value={u.lastSignInAt} /> : "never"}
                  {u.signsInWith?.length ? <p className="text-xs text-zinc-500">via {u.signsInWith.join(", ")}</p> : null}
                </Td>
                <Td className="whitespace-nowrap">
                  <div className="flex items-center gap-2">
                    <span aria-label={`Live sessions of ${u.email}`}>{u.liveSessions ?? "—"}</span>
                    <Button
                      variant="secondary"
                      size="sm"
                      aria-label={`End sessions of ${u.email}`}
                      disabled={!u.liveSessions || endSessions.isPending}
                      onClick={() => endSessions.mutate({ userId: u.id })}
                    >
                      End sessions
                    </Button>
                  </div>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </div>
  );
}
