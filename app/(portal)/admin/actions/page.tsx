import type { Metadata } from "next";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/states";
import { Table, Td, Th } from "@/components/ui/table";
import { serverCaller } from "@/components/trpc/server";

export const metadata: Metadata = { title: "Actions · Admin" };

export default async function AdminActionsPage() {
  const caller = await serverCaller();
  const list = await caller.actions.list({});
  return (
    <>
      <PageHeader
        title="Self-service actions"
        description="Forms that dispatch to GitHub Actions, Kubernetes Jobs, webhooks or the catalog, with approvals and permissions."
        actions={
          <Button asChild size="sm">
            {/* A new document, not a client-side navigation: the editor's live form preview needs its page's policy (proxy.ts). */}
            {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- a document load on purpose (above) */}
            <a href="/admin/actions/new">New action</a>
          </Button>
        }
      />
      {list.length === 0 ? (
        <EmptyState title="No actions yet">Create one to give developers a golden path.</EmptyState>
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>Action</Th>
              <Th>Blueprint</Th>
              <Th>Operation</Th>
              <Th>Invocation</Th>
              <Th>Approval</Th>
            </tr>
          </thead>
          <tbody>
            {list.map((a) => (
              <tr key={a.identifier}>
                <Td>
                  {/* A document load, as "New action" above. */}
                  <a className="font-medium hover:underline" href={`/admin/actions/${encodeURIComponent(a.identifier)}`}>
                    {a.title}
                  </a>
                </Td>
                <Td>{a.blueprint}</Td>
                <Td>{a.operation}</Td>
                <Td>{a.invocation.type}</Td>
                <Td>{a.approval?.required ? "required" : "—"}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
