"use client";

import Form from "@rjsf/core";
import type { ErrorSchema, RJSFSchema } from "@rjsf/utils";
import { customizeValidator } from "@rjsf/validator-ajv8";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "../trpc/client";
import type { Blueprint, Entity } from "../trpc/types";
import { Button } from "../ui/button";
import { Field, Input } from "../ui/field";
import { MutationError } from "../ui/mutation-error";
import { ErrorState, Loading } from "../ui/states";
import { entityHref } from "./entity-link";
import { RelationPicker } from "./relation-picker";

// The form renders from the same JSON Schema the server validates with, but validation itself happens
// on the server (ajv compiles validators with `new Function`, which our Content-Security-Policy forbids
// in the browser); its field errors come back as JSON pointers and are shown under each field.
const validator = customizeValidator({ customFormats: { markdown: () => true, yaml: () => true, user: () => true, team: () => true } });

type Detail = { path: string; message: string };

/** Server error details (JSON pointers) → rjsf's error tree for `properties`, plus the rest by path. */
function splitServerErrors(details: Detail[] | undefined) {
  const forProperties: ErrorSchema = {};
  const other: Record<string, string> = {};
  for (const d of details ?? []) {
    const [, root, key] = d.path.split("/");
    if (root === "properties" && key) {
      const node = ((forProperties as Record<string, { __errors?: string[] }>)[key] ??= { __errors: [] });
      node.__errors!.push(d.message);
    } else other[root && key ? `${root}/${key}` : (root ?? "")] = d.message;
  }
  return { forProperties, other };
}

const asList = (v: unknown) => (v == null ? [] : Array.isArray(v) ? (v as string[]) : [v as string]);

export function EntityForm({
  blueprint,
  entity,
  teams,
  defaultTeams,
}: {
  blueprint: Blueprint;
  entity?: Entity;
  /** Teams the person may assign as owners. */
  teams: { id: string; title: string }[];
  defaultTeams: string[];
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const schema = useQuery(trpc.catalog.formSchema.queryOptions({ blueprint: blueprint.identifier }));
  const [identifier, setIdentifier] = useState(entity?.identifier ?? "");
  const [title, setTitle] = useState(entity?.title ?? "");
  const [team, setTeam] = useState<string[]>(entity?.team ?? defaultTeams);
  const [properties, setProperties] = useState<Record<string, unknown>>(entity?.properties ?? {});
  const [relations, setRelations] = useState<Record<string, string[]>>(
    Object.fromEntries(Object.keys(blueprint.relations).map((k) => [k, asList(entity?.relations[k])])),
  );

  const done = async (saved: { blueprint: string; identifier: string }) => {
    await queryClient.invalidateQueries({ queryKey: trpc.catalog.pathKey() });
    router.push(entityHref(saved.blueprint, saved.identifier));
    router.refresh();
  };
  const create = useMutation(trpc.catalog.createEntity.mutationOptions({ onSuccess: done }));
  const update = useMutation(trpc.catalog.updateEntity.mutationOptions({ onSuccess: done }));
  const mutation = entity ? update : create;
  const server = splitServerErrors((mutation.error?.data as { details?: Detail[] } | undefined)?.details ?? undefined);

  const relationValues = () =>
    Object.fromEntries(
      Object.entries(blueprint.relations).map(([k, r]) => [k, r.many ? relations[k] ?? [] : (relations[k]?.[0] ?? null)]),
    );

  function submit(formProperties: Record<string, unknown>) {
    // Empty optional fields are left out rather than stored as empty strings.
    const clean = Object.fromEntries(Object.entries(formProperties).filter(([, v]) => v !== undefined && v !== ""));
    if (entity) {
      const removed = Object.fromEntries(Object.keys(entity.properties).filter((k) => !(k in clean)).map((k) => [k, null]));
      update.mutate({
        blueprint: blueprint.identifier,
        identifier: entity.identifier,
        patch: { title: title || null, team, properties: { ...clean, ...removed }, relations: relationValues() },
      });
    } else {
      const rels = Object.fromEntries(Object.entries(relationValues()).filter(([, v]) => v !== null && !(Array.isArray(v) && v.length === 0)));
      create.mutate({ blueprint: blueprint.identifier, entity: { identifier, title: title || null, team, properties: clean, relations: rels } });
    }
  }

  if (schema.isPending) return <Loading label="Loading the form…" />;
  if (schema.isError) return <ErrorState message={schema.error.message} retry={() => void schema.refetch()} />;

  return (
    <div className="max-w-2xl space-y-4">
      {!entity ? (
        <Field label="Identifier" hint="Unique within the blueprint: letters, digits, _ . -" error={server.other["identifier"] ?? server.other[""]}>
          {(p) => <Input {...p} required value={identifier} onChange={(e) => setIdentifier(e.target.value)} />}
        </Field>
      ) : null}
      <Field label="Title" error={server.other["title"]}>
        {(p) => <Input {...p} value={title} onChange={(e) => setTitle(e.target.value)} />}
      </Field>
      <fieldset>
        <legend className="mb-1 text-sm font-medium">Owners</legend>
        {teams.length === 0 ? (
          <p className="text-sm text-zinc-500">There are no teams to choose from.</p>
        ) : (
          <div className="flex flex-wrap gap-3">
            {teams.map((t) => (
              <label key={t.id} className="flex items-center gap-1.5 text-sm">
                <input type="checkbox" checked={team.includes(t.id)} onChange={(e) => setTeam(e.target.checked ? [...team, t.id] : team.filter((x) => x !== t.id))} />
                {t.title}
              </label>
            ))}
          </div>
        )}
        {server.other["team"] ? <p className="mt-1 text-sm text-red-600 dark:text-red-400">{server.other["team"]}</p> : null}
      </fieldset>
      {Object.entries(blueprint.relations).map(([key, rel]) => (
        <RelationPicker
          key={key}
          label={rel.title ?? key}
          target={rel.target}
          many={rel.many}
          value={relations[key] ?? []}
          onChange={(ids) => setRelations({ ...relations, [key]: ids })}
          error={server.other[`relations/${key}`]}
        />
      ))}
      <Form
        className="rjsf"
        schema={{ ...(schema.data as RJSFSchema), title: undefined }}
        formData={properties}
        validator={validator}
        extraErrors={server.forProperties}
        showErrorList={false}
        noValidate
        noHtml5Validate
        onChange={(e) => setProperties((e.formData as Record<string, unknown>) ?? {})}
        onSubmit={(e) => submit((e.formData as Record<string, unknown>) ?? {})}
      >
        <MutationError error={mutation.error && !((mutation.error.data as { details?: unknown } | undefined)?.details) ? mutation.error : null} />
        {mutation.error && (mutation.error.data as { details?: unknown } | undefined)?.details ? (
          <p role="alert" className="mb-2 text-sm text-red-600 dark:text-red-400">
            {mutation.error.message}: see the fields marked above.
          </p>
        ) : null}
        <div className="flex gap-2">
          <Button type="submit" disabled={mutation.isPending}>
            {mutation.isPending ? "Saving…" : entity ? "Save changes" : `Create ${blueprint.title.toLowerCase()}`}
          </Button>
          <Button type="button" variant="secondary" onClick={() => router.back()}>
            Cancel
          </Button>
        </div>
      </Form>
    </div>
  );
}
