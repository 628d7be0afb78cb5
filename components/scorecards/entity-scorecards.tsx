import { CheckCircle2, XCircle } from "lucide-react";
import Link from "next/link";
import type { RouterOutputs } from "@/components/trpc/types";
import { Card, CardTitle } from "@/components/ui/card";
import { LevelBadge } from "./level-badge";

type Results = RouterOutputs["scorecards"]["forEntity"];

/** The entity page's scorecards: level and score, each rule with its status, and what the next level needs. */
export function EntityScorecards({ blueprint, results }: { blueprint: string; results: Results }) {
  if (!results.length) return null;
  return (
    <Card>
      <CardTitle>Scorecards</CardTitle>
      <div className="space-y-5">
        {results.map((sc) => (
          <section key={sc.identifier} aria-label={sc.title}>
            <div className="mb-2 flex flex-wrap items-center gap-2">
              <Link className="font-medium hover:underline" href={`/scorecards/${encodeURIComponent(blueprint)}/${encodeURIComponent(sc.identifier)}`}>
                {sc.title}
              </Link>
              {sc.applies ? (
                <>
                  <LevelBadge title={sc.level.title} color={sc.level.color} />
                  <span className="text-sm text-zinc-500 tabular-nums">score {Math.round(sc.score)}</span>
                </>
              ) : (
                <span className="text-sm text-zinc-500">Not scored: this entity is outside the scorecard&apos;s filter.</span>
              )}
            </div>
            {sc.applies ? (
              <>
                {sc.nextLevel && sc.toNextLevel.length ? (
                  <p className="mb-2 text-sm">
                    To reach <LevelBadge title={sc.nextLevel.title} color={sc.nextLevel.color} />:{" "}
                    {sc.toNextLevel.map((id) => sc.rules.find((r) => r.identifier === id)?.title ?? id).join(", ")}
                  </p>
                ) : !sc.nextLevel ? (
                  <p className="mb-2 text-sm text-zinc-500">Top level reached.</p>
                ) : null}
                <ul className="space-y-1 text-sm">
                  {sc.rules.map((r) => (
                    <li key={r.identifier} className="flex gap-2">
                      {r.passed ? (
                        <CheckCircle2 aria-label="passed" className="mt-0.5 size-4 shrink-0 text-green-600" />
                      ) : (
                        <XCircle aria-label="failed" className="mt-0.5 size-4 shrink-0 text-red-600" />
                      )}
                      <span>
                        {r.title} <span className="text-xs text-zinc-500">({r.level})</span>
                        {r.description ? <span className="block text-xs text-zinc-500">{r.description}</span> : null}
                      </span>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>
        ))}
      </div>
    </Card>
  );
}
