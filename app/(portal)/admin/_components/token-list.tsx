"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Copy, Plus } from "lucide-react";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select } from "@/components/ui/field";
import { MutationError } from "@/components/ui/mutation-error";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";
import { Table, Td, Th } from "@/components/ui/table";
import { Time } from "@/components/ui/time";

export function TokenList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.tokens.list.queryOptions());
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState("");
  const [role, setRole] = useState<"admin" | "member">("member");
  const [builderTools, setBuilderTools] = useState(false);
  const [expiresInDays, setExpiresInDays] = useState("90");
  const [revoking, setRevoking] = useState<{ id: string; name: string } | null>(null);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.tokens.pathKey() });
  const create = useMutation(trpc.tokens.create.mutationOptions({ onSuccess: invalidate }));
  const revoke = useMutation(
    trpc.tokens.revoke.mutationOptions({
      onSuccess: async () => {
        setRevoking(null);
        await invalidate();
      },
    }),
  );

  return (
    <div className="space-y-4">
      <div className="flex justify-end">
        <Button onClick={() => (create.reset(), setName(""), setBuilderTools(false), setExpiresInDays("90"), setCreating(true))}>
          <Plus aria-hidden className="size-4" /> New token
        </Button>
      </div>
      {tokens.isPending ? (
        <Loading label="Loading tokens…" />
      ) : tokens.isError ? (
        <ErrorState message={tokens.error.message} retry={() => void tokens.refetch()} />
      ) : tokens.data.length === 0 ? (
        <EmptyState title="No API tokens yet">Create one for CI pipelines, scripts and exporters.</EmptyState>
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Role</Th>
              <Th>Token</Th>
              <Th>Created</Th>
              <Th>Last used</Th>
              <Th>Expires</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {tokens.data.map((t) => (
              <tr key={t.id}>
                <Td className="font-medium">{t.name}</Td>
                <Td>
                  {t.role}
                  {t.builderTools ? (
                    <Badge tone="purple" className="ml-2">
                      MCP builder tools
                    </Badge>
                  ) : null}
                </Td>
                <Td>
                  <code className="font-mono text-xs">{t.tokenPrefix}…</code>
                </Td>
                <Td>
                  <Time value={t.createdAt} /> <span className="text-xs text-zinc-500">by {t.createdBy}</span>
                </Td>
                <Td>{t.lastUsedAt ? <Time value={t.lastUsedAt} /> : "never"}</Td>
                <Td>{t.expiresAt ? <Time value={t.expiresAt} /> : "never"}</Td>
                <Td>
                  {t.revokedAt ? (
                    <Badge tone="red">revoked</Badge>
                  ) : t.expired ? (
                    <Badge tone="yellow">expired</Badge>
                  ) : (
                    <Button variant="ghost" size="sm" onClick={() => (revoke.reset(), setRevoking({ id: t.id, name: t.name }))}>
                      Revoke
                    </Button>
                  )}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <Dialog open={revoking !== null} onOpenChange={(open) => !open && setRevoking(null)} title={`Revoke ${revoking?.name ?? "the token"}?`} description="Whatever uses it (a CI pipeline, a script, an AI assistant) is refused from the next request. This cannot be undone.">
        <MutationError error={revoke.error} />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setRevoking(null)}>
            Cancel
          </Button>
          <Button variant="danger" disabled={revoke.isPending} onClick={() => revoking && revoke.mutate({ id: revoking.id })}>
            {revoke.isPending ? "Revoking…" : "Revoke token"}
          </Button>
        </div>
      </Dialog>
      <Dialog open={creating} onOpenChange={setCreating} title="New API token">
        {create.data ? (
          <div className="space-y-3">
            <p className="text-sm">Copy the token now: it is not shown again.</p>
            <div className="flex items-center gap-2">
              <code className="flex-1 rounded bg-zinc-100 px-2 py-1.5 font-mono text-xs break-all dark:bg-zinc-800" data-testid="new-token">
                {create.data.token}
              </code>
              <Button variant="secondary" size="sm" aria-label="Copy token" onClick={() => void navigator.clipboard?.writeText(create.data!.token)}>
                <Copy aria-hidden className="size-4" />
              </Button>
            </div>
            <Button onClick={() => setCreating(false)}>Done</Button>
          </div>
        ) : (
          <form
            className="space-y-3"
            onSubmit={(e) => {
              e.preventDefault();
              create.mutate({ name, role, builderTools: role === "admin" && builderTools, expiresInDays: expiresInDays === "never" ? null : Number(expiresInDays) });
            }}
          >
            <Field label="Name" hint="Where it is used, e.g. ci-deploy">
              {(p) => <Input {...p} required value={name} onChange={(e) => setName(e.target.value)} />}
            </Field>
            <Field label="Role">
              {(p) => (
                <Select {...p} value={role} onChange={(e) => setRole(e.target.value as "admin" | "member")}>
                  <option value="member">member (read)</option>
                  <option value="admin">admin (read and write)</option>
                </Select>
              )}
            </Field>
            <Field label="Expires" hint="A token that expires cannot be forgotten in an old pipeline forever">
              {(p) => (
                <Select {...p} value={expiresInDays} onChange={(e) => setExpiresInDays(e.target.value)}>
                  <option value="30">in 30 days</option>
                  <option value="90">in 90 days</option>
                  <option value="365">in a year</option>
                  <option value="never">never</option>
                </Select>
              )}
            </Field>
            {role === "admin" ? (
              <label className="flex items-start gap-2 text-sm">
                <input type="checkbox" className="mt-1" checked={builderTools} onChange={(e) => setBuilderTools(e.target.checked)} />
                <span>
                  MCP builder tools
                  <span className="block text-xs text-zinc-500">An AI assistant connected with this token may change blueprints, scorecards and actions (the REST API allows admin tokens this anyway).</span>
                </span>
              </label>
            ) : null}
            <MutationError error={create.error} />
            <Button type="submit" disabled={create.isPending}>
              {create.isPending ? "Creating…" : "Create token"}
            </Button>
          </form>
        )}
      </Dialog>
    </div>
  );
}
