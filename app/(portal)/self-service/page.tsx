import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/states";
import { serverCaller } from "@/components/trpc/server";
import { Input } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import type { ActionJson } from "@/server/actions/runs";

export const metadata: Metadata = { title: "Self-service" };

const invocationWords: Record<string, string> = {
  "github-workflow": "GitHub workflow",
  "github-repository": "GitHub repository",
  "gitlab-pipeline": "GitLab pipeline",
  "kubernetes-job": "Kubernetes Job",
  webhook: "Webhook",
  "upsert-entity": "Catalog change",
};

/**
 * The actions the user may run, with a search (in the URL): CREATE actions, and DAY-2 actions on existing
 * software (whose form asks for the entity first), each grouped by blueprint.
 */
export default async function SelfServicePage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const { q = "" } = await searchParams;
  const caller = await serverCaller();
  const [creates, operates, blueprints, me] = await Promise.all([
    caller.actions.available({}),
    caller.actions.available({ operation: "DAY-2" }),
    caller.catalog.blueprints(),
    caller.me.get(),
  ]);
  const needle = q.trim().toLowerCase();
  const matches = (a: ActionJson) => !needle || `${a.title} ${a.description ?? ""} ${a.identifier}`.toLowerCase().includes(needle);
  const titles = new Map(blueprints.map((b) => [b.identifier, b.title]));
  const sections = [
    { id: "create", title: "Create", actions: creates.filter(matches) },
    { id: "operate", title: "Operate what exists", actions: operates.filter(matches) },
  ];
  const shown = sections.reduce((n, s) => n + s.actions.length, 0);
  return (
    <>
      <PageHeader
        title="Self-service"
        description="Golden paths: create, deploy and operate software through a form."
        actions={
          me.role === "admin" ? (
            <Button asChild variant="secondary" size="sm">
              <Link href="/admin/actions">Manage actions</Link>
            </Button>
          ) : null
        }
      />
      <form className="mb-4 flex max-w-md gap-2" role="search">
        <Input name="q" defaultValue={q} placeholder="Search actions…" aria-label="Search actions" />
        <Button type="submit" variant="secondary">
          Search
        </Button>
      </form>
      {creates.length + operates.length === 0 ? (
        <EmptyState title="No self-service actions yet">
          Admins publish actions (create a service, provision a database, deploy) in Admin → Actions; the ones you may run show here.
        </EmptyState>
      ) : shown === 0 ? (
        <EmptyState title={`No action matches “${q}”`}>
          <Link className="underline" href="/self-service">
            Show all actions
          </Link>
        </EmptyState>
      ) : (
        <div className="space-y-8">
          {sections
            .filter((s) => s.actions.length)
            .map((section) => (
              <section key={section.id} aria-labelledby={`section-${section.id}`} className="space-y-4">
                <h2 id={`section-${section.id}`} className="text-lg font-semibold">
                  {section.title}
                </h2>
                {[...new Set(section.actions.map((a) => a.blueprint))].map((bp) => (
                  <section key={bp} aria-labelledby={`group-${section.id}-${bp}`}>
                    <h3 id={`group-${section.id}-${bp}`} className="mb-2 text-sm font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-400">
                      {titles.get(bp) ?? bp}
                    </h3>
                    <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
                      {section.actions
                        .filter((a) => a.blueprint === bp)
                        .map((a) => (
                          <Card key={a.identifier} className="flex flex-col">
                            {/* A document load: the form's page has its own CSP (see proxy.ts). */}
                            <a href={`/self-service/${encodeURIComponent(a.identifier)}`} className="font-medium hover:underline">
                              {a.title}
                            </a>
                            {a.description ? <p className="mt-1 flex-1 text-sm text-zinc-600 dark:text-zinc-400">{a.description}</p> : <div className="flex-1" />}
                            <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">
                              {invocationWords[a.invocation.type] ?? a.invocation.type}
                              {a.operation !== "CREATE" ? ` · on a ${(titles.get(bp) ?? bp).toLowerCase()} you choose` : ""}
                              {a.approval?.required ? " · needs approval" : ""}
                            </p>
                          </Card>
                        ))}
                    </div>
                  </section>
                ))}
              </section>
            ))}
        </div>
      )}
    </>
  );
}
