import Link from "next/link";
import { ArrowRight } from "lucide-react";
import { Badge } from "../ui/badge";
import { Time } from "../ui/time";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";

type Matrix = inferRouterOutputs<AppRouter>["delivery"]["service"]["matrix"];

/** The version in each environment, development → staging → production, with drift marked. */
export function VersionMatrix({ matrix }: { matrix: Matrix }) {
  if (!matrix.length) return <p className="text-sm text-zinc-500">No environments in the catalog.</p>;
  return (
    <ol className="flex flex-wrap items-stretch gap-2" aria-label="Versions by environment">
      {matrix.map((c, i) => (
        <li key={c.environment.identifier} className="flex items-center gap-2">
          {i > 0 ? <ArrowRight aria-hidden className="size-4 text-zinc-400" /> : null}
          <div
            data-testid={`version-${c.environment.identifier}`}
            className={`min-w-40 rounded-md border px-3 py-2 text-sm ${c.drift ? "border-amber-400 bg-amber-50 dark:border-amber-700 dark:bg-amber-950/30" : "border-zinc-200 dark:border-zinc-800"}`}
          >
            <p className="flex items-center justify-between gap-2">
              <Link className="font-medium hover:underline" href={`/environments/${encodeURIComponent(c.environment.identifier)}`}>
                {c.environment.title ?? c.environment.identifier}
              </Link>
              {c.problems ? <Badge tone="red">{c.problems} problem{c.problems === 1 ? "" : "s"}</Badge> : null}
            </p>
            <p className="font-mono text-base">{c.version ?? "—"}</p>
            <p className="text-xs text-zinc-500">
              {c.drift ? <span className="font-medium text-amber-700 dark:text-amber-400">Differs from the stage before · </span> : null}
              {c.replicas ? `${c.replicas.ready}/${c.replicas.desired} ready · ` : ""}
              {c.from === "cluster" ? (c.demo ? "demo data" : "live") : c.from === "deployment" ? "last deployment" : "not deployed"}
              {c.deployedAt ? (
                <>
                  {" · "}
                  <Time value={c.deployedAt} />
                </>
              ) : null}
            </p>
          </div>
        </li>
      ))}
    </ol>
  );
}
