import type { Metadata } from "next";
import Link from "next/link";
import { EntityPageHeader } from "@/components/catalog/entity-page-header";
import { EntityTabs } from "@/components/catalog/entity-tabs";
import { docsPageHref } from "@/components/docs/docs-href";
import { docsLinks } from "@/components/docs/docs-links";
import { DocsNav } from "@/components/docs/docs-nav";
import { RefreshDocs } from "@/components/docs/refresh-docs";
import { Card } from "@/components/ui/card";
import { Markdown } from "@/components/ui/markdown";
import { EmptyState } from "@/components/ui/states";
import { Time } from "@/components/ui/time";
import { serverCaller } from "@/components/trpc/server";

type Params = { blueprint: string; identifier: string; page?: string[] };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: `${(await params).identifier} · Docs` };
}

/** The docs beside an entity, read from its repository (docs/sync.ts): navigation, one page, and when they were last read. */
export default async function EntityDocsPage({ params }: { params: Promise<Params> }) {
  const { blueprint, identifier, page } = await params;
  const caller = await serverCaller();
  // Segments may arrive still percent-encoded (a page named with spaces); one that does not decode is taken as it is.
  const path = page?.map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  }).join("/");
  // A missing entity or blueprint is the not-found page (serverCaller).
  const [bp, entity, docs] = await Promise.all([
    caller.catalog.blueprint({ identifier: blueprint }),
    caller.catalog.entity({ blueprint, identifier }),
    caller.docs.page({ blueprint, identifier, page: path }),
  ]);
  const { state, location } = docs;
  const source = state?.repository ? `${state.repository}${state.folder ? ` · ${state.folder}/` : ""}${state.ref ? ` on ${state.ref}` : ""}` : location?.repository;
  const refresh = docs.mayRefresh && docs.githubConnected ? <RefreshDocs blueprint={blueprint} identifier={identifier} /> : null;
  const howTo = (
    <p>
      Portico reads the Markdown of the repository&apos;s <code>docs/</code> folder (or the folder <code>backstage.io/techdocs-ref</code> names; an <code>mkdocs.yml</code>{" "}
      <code>nav</code> is honoured) through the GitHub integration, every hour.
      {docs.githubConnected ? null : " GitHub is not connected: an admin connects it in Admin → Integrations."}
    </p>
  );
  return (
    <>
      <EntityPageHeader blueprint={blueprint} blueprintTitle={bp.title} entity={entity} />
      <EntityTabs blueprint={blueprint} identifier={identifier} current="docs" docs definition={false} />
      <div className="mb-3 flex flex-wrap items-start justify-between gap-2 text-sm text-zinc-600 dark:text-zinc-400">
        <p>
          {state?.source === "demo" ? "Demo docs" : source ? <span className="font-mono">{source}</span> : "No repository"}
          {state?.syncedAt ? (
            <>
              {" "}
              · last synced <Time value={state.syncedAt} />
            </>
          ) : null}
          {state?.source === "demo" && location ? (
            <>
              {" "}
              · {docs.githubConnected ? "Refresh now to read them from" : "an admin connects GitHub to read them from"} <span className="font-mono">{location.repository}</span>
            </>
          ) : null}
          {state && (!state.syncedAt || Date.parse(state.checkedAt) - Date.parse(state.syncedAt) > 60_000) ? (
            <>
              {" "}
              · checked <Time value={state.checkedAt} />
            </>
          ) : null}
        </p>
        {refresh}
      </div>
      {state?.status === "failed" || (state?.status === "ok" && state.message) ? (
        <p role="status" className="mb-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200">
          {state.status === "failed" ? `The last sync failed: ${state.message}${state.pages ? " The pages below are from the last good sync." : ""}` : state.message}
        </p>
      ) : null}
      {!docs.pages.length ? (
        <EmptyState title={!location ? "This entity names no repository" : state ? (state.status === "missing" ? "No docs found" : "The docs could not be read") : "The docs have not been read yet"}>
          {state?.message && state.status === "missing" ? <p className="mb-2">{state.message}.</p> : null}
          {howTo}
        </EmptyState>
      ) : (
        <div className="grid gap-4 md:grid-cols-[14rem_1fr]">
          <aside className="md:sticky md:top-4 md:self-start">
            {state?.siteName ? <p className="mb-2 font-medium">{state.siteName}</p> : null}
            <DocsNav blueprint={blueprint} identifier={identifier} nav={docs.nav} current={docs.page?.path} />
          </aside>
          <Card>
            {docs.page ? (
              <article aria-label={docs.page.title}>
                <Markdown links={docsLinks({ blueprint, identifier, page: docs.page.path, pages: docs.pages, repository: state?.repository ?? null, ref: state?.ref ?? null, folder: state?.folder ?? null })}>
                  {docs.page.markdown}
                </Markdown>
              </article>
            ) : (
              <EmptyState title="This page is not in the docs">
                <Link className="underline" href={docsPageHref(blueprint, identifier)}>
                  Open the docs&apos; home page
                </Link>
              </EmptyState>
            )}
          </Card>
        </div>
      )}
    </>
  );
}
