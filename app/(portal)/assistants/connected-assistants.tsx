"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { MutationError } from "@/components/ui/mutation-error";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";
import { Table, Td, Th } from "@/components/ui/table";
import { Time } from "@/components/ui/time";

/** The OAuth grants of MCP clients: the signed-in user's, or (admins) everyone's; each can be disconnected. */
export function ConnectedAssistants({ isAdmin }: { isAdmin: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [everyone, setEveryone] = useState(false);
  const grants = useQuery(trpc.assistants.list.queryOptions({ everyone }));
  const revoke = useMutation(trpc.assistants.revoke.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.assistants.list.pathKey() }) }));

  return (
    <div className="space-y-3">
      {isAdmin ? (
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={everyone} onChange={(e) => setEveryone(e.target.checked)} /> Show everyone&apos;s
        </label>
      ) : null}
      <MutationError error={revoke.error} />
      {grants.isPending ? (
        <Loading label="Loading connected assistants…" />
      ) : grants.isError ? (
        <ErrorState message={grants.error.message} retry={() => void grants.refetch()} />
      ) : grants.data.length === 0 ? (
        <EmptyState title="No assistant is connected">
          An assistant that supports MCP with OAuth (README, AI assistants) asks you here to allow it when you add Portico&apos;s MCP address to it.
        </EmptyState>
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>Assistant</Th>
              {everyone ? <Th>User</Th> : null}
              <Th>May use</Th>
              <Th>Connected</Th>
              <Th>Last used</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {grants.data.map((g) => (
              <tr key={g.id}>
                <Td className="font-medium">
                  {g.client}
                  <span className="block text-xs font-normal text-zinc-500">answers to {g.redirectUris.map((u) => safeHost(u)).join(", ")}</span>
                </Td>
                {everyone ? <Td>{g.user}</Td> : null}
                <Td>
                  <Badge tone="blue">tools</Badge>
                  {g.scopes.includes("mcp:builder") ? (
                    <Badge tone="purple" className="ml-1">
                      builder tools
                    </Badge>
                  ) : null}
                </Td>
                <Td>
                  <Time value={g.createdAt} />
                </Td>
                <Td>{g.lastUsedAt ? <Time value={g.lastUsedAt} /> : "never"}</Td>
                <Td>
                  <Button variant="ghost" size="sm" disabled={revoke.isPending} aria-label={`Disconnect ${g.client}`} onClick={() => revoke.mutate({ id: g.id })}>
                    Disconnect
                  </Button>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </div>
  );
}

function safeHost(uri: string): string {
  try {
    return new URL(uri).host || uri;
  } catch {
    return uri;
  }
}
