"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { ConfirmDeleteDialog } from "@/components/ui/confirm-dialog";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { JsonEditor, type EditorProblem } from "@/components/ui/json-editor";
import { MutationError } from "@/components/ui/mutation-error";
import { QueryBuilder } from "@/components/query/query-builder";
import { ActionInputsBuilder } from "./action-inputs-builder";
import { InvocationBuilder } from "./invocation-builder";
import { EditorModeTabs } from "@/components/ui/editor-mode-tabs";
import type { ActionDraft } from "@/server/actions/definition";
import { placeOf, ProblemList, problemsOf } from "@/components/ui/editor-problems";

type Draft = Record<string, unknown> & {
  identifier?: string;
  title?: string;
  description?: string | null;
  blueprint?: string;
  operation?: string;
  templateLanguage?: string;
  approval?: { required: boolean; approvers: { roles?: string[]; teams?: string[]; users?: string[] } } | null;
  permissions?: { execute: { roles?: string[]; teams?: string[]; ownerTeam?: boolean } } | null;
};


const list = (v: string) =>
  v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

function ActionForm({ draft, isNew, onChange, problems }: { draft: Draft; isNew: boolean; onChange: (d: Draft) => void; problems: EditorProblem[] }) {
  const trpc = useTRPC();
  const blueprints = useQuery(trpc.catalog.blueprints.queryOptions());
  const blueprint = useQuery(trpc.catalog.blueprint.queryOptions({ identifier: draft.blueprint ?? "" }, { enabled: Boolean(draft.blueprint) })).data;
  // A field's problems in words; a deeper one says where below it ("Properties › region: …"), never a pointer.
  const errorAt = (path: string) =>
    problems
      .filter((p) => p.path === path || p.path.startsWith(`${path}/`))
      .map((p) => (p.path === path ? p.message : `${placeOf(p.path.slice(path.length))}: ${p.message}`))
      .join("; ") || undefined;
  const set = (patch: Partial<Draft>) => onChange({ ...draft, ...patch });
  const approval = draft.approval ?? { required: false, approvers: {} };
  const execute = draft.permissions?.execute ?? {};
  return (
    <div className="space-y-4 [&>*:not(.wide)]:max-w-3xl">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Identifier" hint="Letters, digits, dots, dashes; it cannot change later" error={errorAt("/identifier")}>
          {(p) => <Input {...p} value={draft.identifier ?? ""} disabled={!isNew} onChange={(e) => set({ identifier: e.target.value })} />}
        </Field>
        <Field label="Title" error={errorAt("/title")}>
          {(p) => <Input {...p} value={draft.title ?? ""} onChange={(e) => set({ title: e.target.value })} />}
        </Field>
        <Field label="Blueprint" error={errorAt("/blueprint")}>
          {(p) => (
            <Select {...p} value={draft.blueprint ?? ""} onChange={(e) => set({ blueprint: e.target.value })}>
              <option value="">Choose…</option>
              {blueprints.data?.map((b) => (
                <option key={b.identifier} value={b.identifier}>
                  {b.title}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Operation" hint="CREATE on the self-service page; DAY-2 and DELETE on an entity's page" error={errorAt("/operation")}>
          {(p) => (
            <Select {...p} value={draft.operation ?? "CREATE"} onChange={(e) => set({ operation: e.target.value })}>
              <option value="CREATE">CREATE</option>
              <option value="DAY-2">DAY-2</option>
              <option value="DELETE">DELETE</option>
            </Select>
          )}
        </Field>
        <Field label="Template language" hint="What {{ }} in the invocation and input defaults is written in" error={errorAt("/templateLanguage")}>
          {(p) => (
            <Select {...p} value={draft.templateLanguage === "jq" ? "jq" : "jsonata"} onChange={(e) => set({ templateLanguage: e.target.value === "jq" ? "jq" : undefined })}>
              <option value="jsonata">JSONata (inputs.name)</option>
              <option value="jq">jq, as Port writes it (.inputs.name)</option>
            </Select>
          )}
        </Field>
      </div>
      <Field label="Description" error={errorAt("/description")}>
        {(p) => <Textarea {...p} rows={2} value={draft.description ?? ""} onChange={(e) => set({ description: e.target.value || null })} />}
      </Field>
      <ActionInputsBuilder value={draft.userInputs} onChange={(userInputs) => set({ userInputs })} errorAt={errorAt} actionTitle={draft.title ?? ""} blueprint={draft.blueprint ?? ""} />
      <InvocationBuilder
        value={draft.invocation}
        onChange={(invocation) => set({ invocation })}
        errorAt={errorAt}
        inputKeys={Object.keys((draft.userInputs as { properties?: Record<string, unknown> } | undefined)?.properties ?? {})}
        jq={draft.templateLanguage === "jq"}
      />
      {draft.operation !== "CREATE" ? (
        <div className="space-y-1">
          <QueryBuilder
            label="Which entities it appears on"
            blueprint={blueprint}
            value={draft.condition}
            optional
            emptyHint="No conditions: every entity of the blueprint offers it."
            onChange={(v) => set({ condition: v })}
          />
          {errorAt("/condition") ? <p className="text-sm text-red-600 dark:text-red-400">{errorAt("/condition")}</p> : null}
        </div>
      ) : null}
      <fieldset className="space-y-3 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
        <legend className="px-1 text-sm font-medium">Approval</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={approval.required} onChange={(e) => set({ approval: e.target.checked ? { ...approval, required: true } : null })} /> Runs need an approval
        </label>
        {approval.required ? (
          <div className="grid gap-3 sm:grid-cols-3">
            {(["roles", "teams", "users"] as const).map((k) => (
              <Field key={k} label={`Approver ${k}`} hint="Comma-separated" error={errorAt(`/approval/approvers/${k}`) ?? (k === "roles" ? errorAt("/approval/approvers") : undefined)}>
                {(p) => (
                  <Input {...p} value={(approval.approvers[k] ?? []).join(", ")} onChange={(e) => set({ approval: { ...approval, approvers: { ...approval.approvers, [k]: list(e.target.value) } } })} />
                )}
              </Field>
            ))}
          </div>
        ) : null}
      </fieldset>
      <fieldset className="space-y-3 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
        <legend className="px-1 text-sm font-medium">Who may run it</legend>
        <p className="text-xs text-zinc-500">Empty: every signed-in user. Admins always may.</p>
        <div className="grid gap-3 sm:grid-cols-2">
          {(["roles", "teams"] as const).map((k) => (
            <Field key={k} label={`Execute ${k}`} hint="Comma-separated" error={errorAt(`/permissions/execute/${k}`)}>
              {(p) => <Input {...p} value={(execute[k] ?? []).join(", ")} onChange={(e) => set({ permissions: { execute: { ...execute, [k]: list(e.target.value) } } })} />}
            </Field>
          ))}
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={Boolean(execute.ownerTeam)} onChange={(e) => set({ permissions: { execute: { ...execute, ownerTeam: e.target.checked } } })} /> Members of the entity&apos;s owning teams
        </label>
      </fieldset>
    </div>
  );
}

/** The action editor: a form, or the whole definition as JSON, on one draft, checked by the server as the admin types. */
export function ActionEditor({ initial, isNew }: { initial: unknown; isNew: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [text, setText] = useState(() => JSON.stringify(initial, null, 2));
  const [mode, setMode] = useState<"form" | "json">("form");
  const [problems, setProblems] = useState<EditorProblem[]>([]);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const parsed = useMemo((): { draft: Draft | undefined; error: string | null } => {
    try {
      return { draft: JSON.parse(text) as Draft, error: null };
    } catch (e) {
      return { draft: undefined, error: e instanceof Error ? e.message : "Not valid JSON" };
    }
  }, [text]);
  const validate = useMutation(trpc.actions.validate.mutationOptions({ onSuccess: () => setProblems([]), onError: (e) => setProblems(problemsOf(e)) }));
  const put = useMutation(
    trpc.actions.put.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.actions.pathKey() });
        router.push("/admin/actions");
        router.refresh();
      },
      onError: (e) => setProblems(problemsOf(e)),
    }),
  );
  const remove = useMutation(
    trpc.actions.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.actions.pathKey() });
        router.push("/admin/actions");
        router.refresh();
      },
    }),
  );
  const { mutate: check } = validate;
  // A new action's starter is not checked until the admin changes it: no problems on a pristine form.
  const [pristine] = useState(() => JSON.stringify(initial, null, 2));
  const untouched = isNew && text === pristine;
  useEffect(() => {
    const draft = parsed.draft;
    if (!draft || untouched) return;
    // A draft as the admin wrote it: the server checks it and answers with its problems.
    const t = setTimeout(() => check({ action: draft as ActionDraft }), 400);
    return () => clearTimeout(t);
  }, [parsed, check, untouched]);

  return (
    <div className="max-w-3xl space-y-3 xl:max-w-6xl">
      <EditorModeTabs mode={mode} onChange={setMode} jsonInvalid={Boolean(parsed.error)} />
      {mode === "json" || parsed.error ? (
        <JsonEditor label="Action JSON" value={text} onChange={setText} problems={problems} />
      ) : (
        <ActionForm draft={parsed.draft!} isNew={isNew} problems={problems} onChange={(d) => setText(JSON.stringify(d, null, 2))} />
      )}
      {parsed.error ? (
        <p role="alert" className="text-sm text-red-600">
          {parsed.error}
        </p>
      ) : null}
      <ProblemList problems={problems} />
      <div className="flex flex-wrap items-center gap-2">
        <Button onClick={() => parsed.draft && put.mutate({ action: parsed.draft as ActionDraft })} disabled={Boolean(parsed.error) || problems.length > 0 || put.isPending}>
          {put.isPending ? "Saving…" : isNew ? "Create action" : "Save action"}
        </Button>
        {!isNew ? (
          <Button variant="danger" onClick={() => setConfirmDelete(true)}>
            Delete action
          </Button>
        ) : null}
        <MutationError error={put.error && problemsOf(put.error).length ? null : put.error} />
      </div>
      <p className="text-xs text-zinc-500">
        The shapes are in <Link className="underline" href="/api-docs">the API reference</Link>. Runs keep the definition they were started with.
      </p>
      <ConfirmDeleteDialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title={`Delete ${parsed.draft?.identifier ?? "this action"}?`}
        description="Its past runs stay, with the definition they ran."
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate({ identifier: String(parsed.draft?.identifier ?? "") })}
      />
    </div>
  );
}
