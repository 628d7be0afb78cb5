import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/states";
import { serverCaller } from "@/components/trpc/server";
import { Input } from "@/components/ui/field";
import { Button } from "@/components/ui/button";

export const metadata: Metadata = { title: "Self-service" };

/** CREATE actions the user may run, grouped by blueprint, with a search (in the URL). */
export default async function SelfServicePage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const { q = "" } = await searchParams;
  const caller = await serverCaller();
  const [available, blueprints, me] = await Promise.all([caller.actions.available({}), caller.catalog.blueprints(), caller.me.get()]);
  const needle = q.trim().toLowerCase();
  const shown = available.filter((a) => !needle || `${a.title} ${a.description ?? ""} ${a.identifier}`.toLowerCase().includes(needle));
  const titles = new Map(blueprints.map((b) => [b.identifier, b.title]));
  const groups = [...new Set(shown.map((a) => a.blueprint))];
  return (
    <>
      <PageHeader
        title="Self-service"
        description="Golden paths: create, deploy and operate software through a form. Actions on an existing entity are on its page."
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
      {available.length === 0 ? (
        <EmptyState title="No self-service actions yet">
          Admins publish actions (create a service, provision a database, deploy) in Admin → Actions; the ones you may run show here.
        </EmptyState>
      ) : shown.length === 0 ? (
        <EmptyState title={`No action matches “${q}”`}>
          <Link className="underline" href="/self-service">
            Show all actions
          </Link>
        </EmptyState>
      ) : (
        <div className="space-y-6">
          {groups.map((bp) => (
            <section key={bp} aria-labelledby={`group-${bp}`}>
              <h2 id={`group-${bp}`} className="mb-2 text-sm font-semibold tracking-wide text-zinc-500 uppercase">
                {titles.get(bp) ?? bp}
              </h2>
              <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
                {shown
                  .filter((a) => a.blueprint === bp)
                  .map((a) => (
                    <Card key={a.identifier} className="flex flex-col">
                      {/* A document load: the form's page has its own CSP (see proxy.ts). */}
                      <a href={`/self-service/${encodeURIComponent(a.identifier)}`} className="font-medium hover:underline">
                        {a.title}
                      </a>
                      {a.description ? <p className="mt-1 flex-1 text-sm text-zinc-600 dark:text-zinc-400">{a.description}</p> : <div className="flex-1" />}
                      <p className="mt-2 text-xs text-zinc-500">
                        {a.invocation.type}
                        {a.approval?.required ? " · needs approval" : ""}
                      </p>
                    </Card>
                  ))}
              </div>
            </section>
          ))}
        </div>
      )}
    </>
  );
}
