import Link from "next/link";
import { resourceName } from "@/components/audit/resource-name";
import { EntityLink } from "@/components/catalog/entity-link";
import { Badge, toneOf } from "@/components/ui/badge";
import { Card, CardTitle, PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/states";
import { RunStatus } from "@/components/actions/run-status";
import { Time } from "@/components/ui/time";
import { serverCaller } from "@/components/trpc/server";

const lifecycleTone: Record<string, string> = { production: "green", experimental: "yellow", deprecated: "gray" };

export default async function HomePage() {
  const caller = await serverCaller();
  const [me, home, myRuns] = await Promise.all([caller.me.get(), caller.me.home(), caller.runs.list({ mine: true, limit: 5 })]);
  return (
    <>
      <PageHeader title={`Welcome, ${me.name ?? me.email}`} description="Your teams, the software they own and what you changed lately." />
      <div className="grid gap-4 lg:grid-cols-3">
        <Card className="lg:col-span-1">
          <CardTitle>Your teams</CardTitle>
          {home.teams.length === 0 ? (
            <EmptyState title="You are in no team yet">
              An admin adds you in Admin → Teams, or your identity provider&apos;s groups do at sign-in.
            </EmptyState>
          ) : (
            <ul className="space-y-2">
              {home.teams.map((t) => (
                <li key={t.id}>
                  <Link className="font-medium hover:underline" href={`/teams/${encodeURIComponent(t.id)}`}>
                    {t.title}
                  </Link>
                  {t.description ? <p className="text-sm text-zinc-600 dark:text-zinc-400">{t.description}</p> : null}
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card className="lg:col-span-2">
          <CardTitle>Your services</CardTitle>
          {home.services.items.length === 0 ? (
            <EmptyState title="Your teams own no services yet">
              Services owned by your teams show here. <Link className="underline" href="/catalog/service">Browse all services</Link>.
            </EmptyState>
          ) : (
            <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {home.services.items.map((s) => (
                <li key={s.identifier} className="flex items-center justify-between gap-3 py-2">
                  <div className="min-w-0">
                    <EntityLink blueprint={s.blueprint} identifier={s.identifier} title={s.title} />
                    {typeof s.properties.description === "string" ? (
                      <p className="truncate text-sm text-zinc-600 dark:text-zinc-400">{s.properties.description}</p>
                    ) : null}
                  </div>
                  {typeof s.properties.lifecycle === "string" ? (
                    <Badge tone={toneOf(lifecycleTone[s.properties.lifecycle])}>{s.properties.lifecycle}</Badge>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          {home.services.total > home.services.items.length ? (
            <p className="mt-2 text-sm text-zinc-500">
              and {home.services.total - home.services.items.length} more in the <Link className="underline" href="/catalog/service">catalog</Link>
            </p>
          ) : null}
        </Card>
        <Card className="lg:col-span-1">
          <CardTitle>Recent runs</CardTitle>
          {myRuns.items.length === 0 ? (
            <EmptyState title="No runs yet">
              Self-service runs you start will be listed here. <Link className="underline" href="/self-service">Start one</Link>.
            </EmptyState>
          ) : (
            <ul className="space-y-2 text-sm">
              {myRuns.items.map((r) => (
                <li key={r.id} className="flex flex-wrap items-center gap-2">
                  <Link className="font-medium hover:underline" href={`/runs/${r.id}`}>
                    {r.actionTitle}
                  </Link>
                  {r.entity ? <span className="text-zinc-500">on {r.entity}</span> : null}
                  <RunStatus status={r.status} />
                  <span className="text-xs text-zinc-500">
                    <Time value={r.createdAt} />
                  </span>
                </li>
              ))}
              <li>
                <Link className="text-xs underline" href="/runs?mine=1">
                  All your runs
                </Link>
              </li>
            </ul>
          )}
        </Card>
        <Card className="lg:col-span-2">
          <CardTitle>Your recent changes</CardTitle>
          {home.activity.length === 0 ? (
            <EmptyState title="Nothing yet">Changes you make anywhere in Portico are listed here.</EmptyState>
          ) : (
            <ul className="space-y-1.5 text-sm">
              {home.activity.map((a) => (
                <li key={a.id} className="flex flex-wrap gap-x-2">
                  <code className="font-mono text-xs">{a.action}</code>
                  <span className="text-zinc-600 dark:text-zinc-400">
                    {a.resourceType} {resourceName(a)}
                  </span>
                  <span className="ml-auto text-xs text-zinc-500">
                    <Time value={a.at} />
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
