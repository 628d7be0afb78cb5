"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { EditorModeTabs } from "@/components/ui/editor-mode-tabs";
import { ProblemList, problemsOf } from "@/components/ui/editor-problems";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { LevelBadge } from "@/components/scorecards/level-badge";
import { useTRPC } from "@/components/trpc/client";
import type { RouterOutputs } from "@/components/trpc/types";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { ConfirmDeleteDialog } from "@/components/ui/confirm-dialog";
import { JsonEditor, type EditorProblem } from "@/components/ui/json-editor";
import { MutationError } from "@/components/ui/mutation-error";
import { ScorecardForm, type ScorecardDraft } from "./scorecard-form";

type Preview = RouterOutputs["scorecards"]["preview"];


/**
 * The scorecard editor: a form, or the definition as JSON (CodeMirror), on the same draft, checked by
 * the server as the admin types, with a what-if preview of the draft against the stored results
 * before anything is saved.
 */
export function ScorecardEditor({ blueprint, initial, isNew }: { blueprint: string; initial: unknown; isNew: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [text, setText] = useState(() => JSON.stringify(initial, null, 2));
  const [problems, setProblems] = useState<EditorProblem[]>([]);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [mode, setMode] = useState<"form" | "json">("form");

  const whatIf = useMutation(
    trpc.scorecards.preview.mutationOptions({
      onSuccess: (p) => {
        setPreview(p);
        setProblems([]);
      },
      onError: (e) => {
        setPreview(null);
        setProblems(problemsOf(e));
      },
    }),
  );
  const put = useMutation(
    trpc.scorecards.put.mutationOptions({
      onSuccess: async (saved) => {
        await queryClient.invalidateQueries({ queryKey: trpc.scorecards.pathKey() });
        router.push(`/scorecards/${encodeURIComponent(blueprint)}/${encodeURIComponent(saved.scorecard.identifier)}`);
        router.refresh();
      },
      onError: (e) => setProblems(problemsOf(e)),
    }),
  );
  const remove = useMutation(
    trpc.scorecards.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.scorecards.pathKey() });
        router.push("/admin/scorecards");
        router.refresh();
      },
    }),
  );

  // The admin's text is a draft: the server checks it and answers with its problems.
  const parsed = useMemo((): { draft: ScorecardDraft | undefined; error: string | null } => {
    try {
      return { draft: JSON.parse(text) as ScorecardDraft, error: null };
    } catch (e) {
      return { draft: undefined, error: e instanceof Error ? e.message : "Not valid JSON" };
    }
  }, [text]);
  const parseError = parsed.error;
  const identifier = String((parsed.draft as { identifier?: unknown } | undefined)?.identifier ?? "");

  const { mutate: runPreview } = whatIf;
  useEffect(() => {
    const draft = parsed.draft;
    if (!draft) return;
    const t = setTimeout(() => runPreview({ blueprint, scorecard: draft }), 400);
    return () => clearTimeout(t);
  }, [parsed, blueprint, runPreview]);

  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <div className="space-y-3">
        <EditorModeTabs mode={mode} onChange={setMode} jsonInvalid={Boolean(parseError)} />
        {mode === "json" || parseError ? (
          <JsonEditor label="Scorecard JSON" value={text} onChange={setText} problems={problems} />
        ) : (
          // Both sides edit the same JSON text, so switching never loses an edit.
          <ScorecardForm blueprint={blueprint} draft={parsed.draft as ScorecardDraft} isNew={isNew} onChange={(d) => setText(JSON.stringify(d, null, 2))} />
        )}
        {parseError ? (
          <p role="alert" className="text-sm text-red-600">
            {parseError}
          </p>
        ) : null}
        <ProblemList problems={problems} />
        <div className="flex flex-wrap items-center gap-2">
          <Button onClick={() => parsed.draft && put.mutate({ blueprint, scorecard: parsed.draft })} disabled={Boolean(parseError) || problems.length > 0 || put.isPending}>
            {put.isPending ? "Saving and scoring…" : isNew ? "Create scorecard" : "Save scorecard"}
          </Button>
          {!isNew ? (
            <Button variant="danger" onClick={() => setConfirmDelete(true)}>
              Delete scorecard
            </Button>
          ) : null}
          <MutationError error={put.error && problemsOf(put.error).length ? null : put.error} />
        </div>
        <p className="text-xs text-zinc-500">
          Levels are ordered, the first is the floor; each rule names its level by title and holds a Query (see <Link className="underline" href="/api-docs">the API reference</Link>). Saving scores
          every {blueprint} at once.
        </p>
      </div>
      <Card aria-live="polite" aria-label="What-if: before you save">
        <CardTitle>What-if: before you save</CardTitle>
        {whatIf.isPending && !preview ? <p className="text-sm text-zinc-500">Scoring the draft…</p> : null}
        {!preview ? (
          <p className="text-sm text-zinc-500">Fix the problems to see how the draft would score.</p>
        ) : (
          <WhatIf preview={preview} />
        )}
      </Card>
      <ConfirmDeleteDialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title={`Delete ${identifier}?`}
        description="Its results and history are deleted with it."
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate({ blueprint, identifier })}
      />
    </div>
  );
}

function WhatIf({ preview }: { preview: Preview }) {
  const { counts } = preview;
  return (
    <div className="space-y-4 text-sm">
      <table className="w-full text-left">
        <thead>
          <tr className="text-xs text-zinc-500">
            <th className="font-medium">Level</th>
            {preview.exists ? <th className="font-medium">Now</th> : null}
            <th className="font-medium">Draft</th>
          </tr>
        </thead>
        <tbody>
          {preview.after.map((l, i) => (
            <tr key={l.title}>
              <td className="py-0.5">
                <LevelBadge title={l.title} color={l.color} />
              </td>
              {preview.exists ? <td className="tabular-nums">{preview.before[i]?.title === l.title ? preview.before[i]!.count : "—"}</td> : null}
              <td className="tabular-nums">{l.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {preview.exists ? (
        <p>
          <strong className={counts.down ? "text-red-600" : undefined}>{counts.down} would move down</strong>, {counts.up} up
          {counts.added ? `, ${counts.added} newly scored` : ""}
          {counts.removed ? `, ${counts.removed} no longer scored` : ""}.
        </p>
      ) : (
        <p>New scorecard: nothing is scored yet.</p>
      )}
      {(
        [
          ["Would move down", preview.down],
          ["Would move up", preview.up],
        ] as const
      ).map(([title, list]) =>
        list.length ? (
          <div key={title}>
            <h3 className="mb-1 text-xs font-semibold text-zinc-500 uppercase">{title}</h3>
            <ul className="max-h-48 space-y-0.5 overflow-auto">
              {list.map((m) => (
                <li key={m.entity}>
                  {m.title ?? m.entity}: {m.from} → {m.to}
                </li>
              ))}
            </ul>
          </div>
        ) : null,
      )}
    </div>
  );
}
