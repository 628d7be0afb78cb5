"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { QueryBuilder } from "@/components/query/query-builder";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { ConfirmDeleteDialog } from "@/components/ui/confirm-dialog";
import { placeOf, ProblemList, problemsOf } from "@/components/ui/editor-problems";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { MutationError } from "@/components/ui/mutation-error";

export type CampaignDraft = {
  identifier: string;
  title: string;
  description?: string | null;
  blueprint: string;
  scorecard: string;
  goal: { level: string } | { rules: string[] };
  scope?: unknown;
  team?: string | null;
  fixAction?: string | null;
  startsAt: string;
  dueAt: string;
};

const day = (iso: string) => (iso ? iso.slice(0, 10) : "");
const instant = (date: string) => (date ? `${date}T00:00:00.000Z` : "");

/** Starting or changing a campaign: a goal on a scorecard, the entities it is about, a team, dates, the why and how. */
export function CampaignForm({ initial, isNew }: { initial: CampaignDraft; isNew: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<CampaignDraft>(initial);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const scorecards = useQuery(trpc.scorecards.list.queryOptions({}));
  const teams = useQuery(trpc.teams.list.queryOptions());
  const actions = useQuery(trpc.actions.list.queryOptions({ blueprint: draft.blueprint }, { enabled: Boolean(draft.blueprint) }));
  const blueprint = useQuery(trpc.catalog.blueprint.queryOptions({ identifier: draft.blueprint }, { enabled: Boolean(draft.blueprint) })).data;
  const scorecard = scorecards.data?.find((s) => s.blueprint === draft.blueprint && s.identifier === draft.scorecard);
  const put = useMutation(
    trpc.campaigns.put.mutationOptions({
      onSuccess: async (saved) => {
        await queryClient.invalidateQueries({ queryKey: trpc.campaigns.pathKey() });
        router.push(`/campaigns/${encodeURIComponent(saved.campaign.identifier)}`);
        router.refresh();
      },
    }),
  );
  const remove = useMutation(
    trpc.campaigns.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.campaigns.pathKey() });
        router.push("/campaigns");
        router.refresh();
      },
    }),
  );
  const problems = problemsOf(put.error);
  const errorAt = (path: string) =>
    problems
      .filter((p) => p.path === path || p.path.startsWith(`${path}/`))
      .map((p) => (p.path === path ? p.message : `${placeOf(p.path.slice(path.length))}: ${p.message}`))
      .join("; ") || undefined;
  const set = (patch: Partial<CampaignDraft>) => setDraft({ ...draft, ...patch });
  const byLevel = "level" in draft.goal;
  const goal = draft.goal;

  return (
    <form
      className="max-w-3xl space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        const { scope, description, team, fixAction, ...rest } = draft;
        put.mutate({ campaign: { ...rest, ...(scope ? { scope } : {}), ...(description ? { description } : {}), ...(team ? { team } : {}), ...(fixAction ? { fixAction } : {}) } as never });
      }}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Identifier" hint="Letters, digits, dots, dashes; it cannot change later" error={errorAt("/identifier")}>
          {(p) => <Input {...p} value={draft.identifier} disabled={!isNew} onChange={(e) => set({ identifier: e.target.value })} />}
        </Field>
        <Field label="Title" error={errorAt("/title")}>
          {(p) => <Input {...p} value={draft.title} onChange={(e) => set({ title: e.target.value })} />}
        </Field>
      </div>
      <Field label="Why and how" hint="Markdown: the reason, what to do, links to the runbook or the golden path" error={errorAt("/description")}>
        {(p) => <Textarea {...p} rows={5} value={draft.description ?? ""} onChange={(e) => set({ description: e.target.value || null })} />}
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Scorecard" error={errorAt("/scorecard") ?? errorAt("/blueprint")}>
          {(p) => (
            <Select
              {...p}
              value={draft.blueprint && draft.scorecard ? `${draft.blueprint}/${draft.scorecard}` : ""}
              onChange={(e) => {
                const [bp = "", sc = ""] = e.target.value.split("/");
                const chosen = scorecards.data?.find((s) => s.blueprint === bp && s.identifier === sc);
                set({ blueprint: bp, scorecard: sc, goal: { level: chosen?.levels.at(-1)?.title ?? "" }, scope: undefined, fixAction: null });
              }}
            >
              <option value="">Choose…</option>
              {scorecards.data?.map((s) => (
                <option key={`${s.blueprint}/${s.identifier}`} value={`${s.blueprint}/${s.identifier}`}>
                  {s.title} ({s.blueprint})
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Goal" error={errorAt("/goal")}>
          {(p) => (
            <Select {...p} value={byLevel ? "level" : "rules"} onChange={(e) => set({ goal: e.target.value === "level" ? { level: scorecard?.levels.at(-1)?.title ?? "" } : { rules: [] } })}>
              <option value="level">Reach a level</option>
              <option value="rules">Pass chosen rules</option>
            </Select>
          )}
        </Field>
      </div>
      {"level" in goal ? (
        <Field label="Level to reach" error={errorAt("/goal/level")}>
          {(p) => (
            <Select {...p} value={goal.level} onChange={(e) => set({ goal: { level: e.target.value } })}>
              <option value="">Choose…</option>
              {scorecard?.levels.slice(1).map((l) => (
                <option key={l.title}>{l.title}</option>
              ))}
            </Select>
          )}
        </Field>
      ) : (
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium">Rules to pass</legend>
          <div className="flex flex-wrap gap-3">
            {scorecard?.rules.map((r) => (
              <label key={r.identifier} className="flex items-center gap-1.5 text-sm">
                <input
                  type="checkbox"
                  checked={goal.rules.includes(r.identifier)}
                  onChange={(e) => set({ goal: { rules: e.target.checked ? [...goal.rules, r.identifier] : goal.rules.filter((x) => x !== r.identifier) } })}
                />
                {r.title}
              </label>
            ))}
          </div>
          {errorAt("/goal/rules") ? <p className="text-sm text-red-600 dark:text-red-400">{errorAt("/goal/rules")}</p> : null}
        </fieldset>
      )}
      {draft.blueprint ? (
        <div className="space-y-1">
          <QueryBuilder
            label="Which entities it is about"
            blueprint={blueprint}
            value={draft.scope as never}
            optional
            collapsed="Only some of them…"
            emptyHint={`No conditions: every ${draft.blueprint} the scorecard scores.`}
            onChange={(scope) => set({ scope })}
          />
          {errorAt("/scope") ? <p className="text-sm text-red-600 dark:text-red-400">{errorAt("/scope")}</p> : null}
        </div>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Team" hint="A team's own campaign covers only its entities; its members may run it. Empty: every team (admins)" error={errorAt("/team")}>
          {(p) => (
            <Select {...p} value={draft.team ?? ""} onChange={(e) => set({ team: e.target.value || null })}>
              <option value="">Every team</option>
              {teams.data?.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.title}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Action that fixes it" hint="Offered beside each open entity" error={errorAt("/fixAction")}>
          {(p) => (
            <Select {...p} value={draft.fixAction ?? ""} onChange={(e) => set({ fixAction: e.target.value || null })}>
              <option value="">None</option>
              {actions.data
                ?.filter((a) => a.operation !== "CREATE")
                .map((a) => (
                  <option key={a.identifier} value={a.identifier}>
                    {a.title}
                  </option>
                ))}
            </Select>
          )}
        </Field>
        <Field label="Starts" error={errorAt("/startsAt")}>
          {(p) => <Input {...p} type="date" value={day(draft.startsAt)} onChange={(e) => set({ startsAt: instant(e.target.value) })} />}
        </Field>
        <Field label="Due" error={errorAt("/dueAt")}>
          {(p) => <Input {...p} type="date" value={day(draft.dueAt)} onChange={(e) => set({ dueAt: instant(e.target.value) })} />}
        </Field>
      </div>
      <ProblemList problems={problems.filter((p) => !p.path)} />
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" disabled={put.isPending}>
          {put.isPending ? "Saving…" : isNew ? "Start campaign" : "Save campaign"}
        </Button>
        {!isNew ? (
          <Button type="button" variant="danger" onClick={() => setConfirmDelete(true)}>
            End campaign
          </Button>
        ) : null}
        <MutationError error={problems.length ? null : put.error} />
      </div>
      <ConfirmDeleteDialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title={`End ${draft.title || draft.identifier}?`}
        description="The campaign goes; the entities and their scores stay."
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate({ identifier: draft.identifier })}
      />
    </form>
  );
}
