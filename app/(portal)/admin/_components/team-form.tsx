"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { MutationError } from "@/components/ui/mutation-error";

export type TeamFormValues = { id: string; title: string; description: string; idpGroup: string; parentId: string };
type FieldErrors = Partial<Record<keyof TeamFormValues, string[] | undefined>>;

/** Create and edit share this form; `lockId` keeps the identifier fixed when editing. */
export function TeamForm({
  initial,
  lockId,
  submitLabel,
  pending,
  error,
  onSubmit,
  parents,
}: {
  initial: TeamFormValues;
  /** Teams this one may sit under (the parent select is shown when given). */
  parents?: { id: string; title: string }[];
  lockId?: boolean;
  submitLabel: string;
  pending: boolean;
  error: { message: string; data?: { fieldErrors?: FieldErrors } | null } | null;
  onSubmit: (values: TeamFormValues) => void;
}) {
  const [values, setValues] = useState(initial);
  const fieldErrors = error?.data?.fieldErrors ?? {};
  const set = (key: keyof TeamFormValues) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) =>
    setValues((v) => ({ ...v, [key]: e.target.value }));
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(values);
      }}
    >
      <Field label="Identifier" hint="Used as the owner of entities; letters, digits, _ . -" error={fieldErrors.id?.[0]}>
        {(p) => <Input {...p} name="id" required value={values.id} onChange={set("id")} readOnly={lockId} disabled={lockId} />}
      </Field>
      <Field label="Title" error={fieldErrors.title?.[0]}>
        {(p) => <Input {...p} name="title" required value={values.title} onChange={set("title")} />}
      </Field>
      <Field label="Description" error={fieldErrors.description?.[0]}>
        {(p) => <Textarea {...p} name="description" rows={2} value={values.description} onChange={set("description")} />}
      </Field>
      <Field
        label="IdP group"
        hint="Members of this group (in the groups claim) join the team at sign-in. Empty: the identifier is matched."
        error={fieldErrors.idpGroup?.[0]}
      >
        {(p) => <Input {...p} name="idpGroup" value={values.idpGroup} onChange={set("idpGroup")} />}
      </Field>
      {parents ? (
        <Field label="Parent team" hint="What this team owns also counts on the parent's page." error={fieldErrors.parentId?.[0]}>
          {(p) => (
            <Select {...p} name="parentId" value={values.parentId} onChange={set("parentId")}>
              <option value="">None (a top-level team)</option>
              {parents
                .filter((t) => t.id !== values.id)
                .map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.title}
                  </option>
                ))}
            </Select>
          )}
        </Field>
      ) : null}
      <MutationError error={Object.keys(fieldErrors).length ? null : error} />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : submitLabel}
      </Button>
    </form>
  );
}

export const toTeamInput = (v: TeamFormValues) => ({
  id: v.id,
  title: v.title,
  description: v.description || null,
  idpGroup: v.idpGroup || null,
  parentId: v.parentId || null,
});
