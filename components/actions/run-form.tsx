"use client";

import Form from "@rjsf/core";
import type { ErrorSchema, FieldTemplateProps, RJSFValidationError, RJSFSchema, UiSchema, WidgetProps, BaseInputTemplateProps } from "@rjsf/utils";
import { customizeValidator } from "@rjsf/validator-ajv8";
import ajvErrors from "ajv-errors";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Check, ChevronLeft, ChevronRight, Eye, Loader2, Play } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";
import { EntitySearch } from "../catalog/entity-search";
import { validationMessage } from "../forms/validation-messages";
import { useTRPC } from "../trpc/client";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Input } from "../ui/field";
import { MutationError } from "../ui/mutation-error";
import type { EntitySearch as EntitySearchInput } from "@/server/catalog/search";
import { useHydrated } from "../ui/use-hydrated";

type ServerForm = inferRouterOutputs<AppRouter>["actions"]["form"];
/** What the form needs of the server's `actions.form` (the action editor's preview builds it from a draft). */
export type RunFormData = Pick<ServerForm, "userInputs" | "schema" | "entity"> & {
  action: Pick<ServerForm["action"], "identifier" | "title" | "blueprint"> & { approval?: { required: boolean } | null };
};
type FormData = RunFormData;
type Values = Record<string, unknown>;

// Portico's formats are checked on the server (entities, teams and users exist); the browser accepts them.
// `errorMessage` on an input (ajv-errors) is the admin's own words for it, here as on the server.
const validator = customizeValidator({
  customFormats: { entity: () => true, team: () => true, user: () => true, secret: () => true, markdown: () => true, yaml: () => true },
  extenderFn: (ajv) => ajvErrors(ajv),
});

const empty = (v: unknown) => v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);

/** Field layout in our style: label, control, description, the field's errors. */
function FieldTemplate({ id, label, required, description, rawErrors, children, hidden, displayLabel, schema }: FieldTemplateProps) {
  if (hidden) return <div className="hidden">{children}</div>;
  if (schema.type === "object") return <div className="space-y-4">{children}</div>;
  return (
    <div className="space-y-1">
      {displayLabel && label ? (
        <label htmlFor={id} className="block text-sm font-medium">
          {label}
          {required ? <span className="text-red-600"> *</span> : null}
        </label>
      ) : null}
      {children}
      {description ? <div className="text-xs text-zinc-500">{description}</div> : null}
      {rawErrors?.length ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {rawErrors.join("; ")}
        </p>
      ) : null}
    </div>
  );
}

function BaseInputTemplate({ id, type, value, disabled, readonly, required, onChange, onBlur, onFocus, options, rawErrors, schema, placeholder, autofocus }: BaseInputTemplateProps) {
  const inputType = schema.format === "secret" ? "password" : type === "number" || schema.type === "number" || schema.type === "integer" ? "number" : (type ?? "text");
  return (
    <Input
      id={id}
      name={id}
      type={inputType}
      autoComplete={schema.format === "secret" ? "new-password" : "off"}
      value={value ?? ""}
      disabled={disabled || readonly}
      required={required}
      autoFocus={autofocus}
      placeholder={placeholder}
      aria-invalid={Boolean(rawErrors?.length)}
      onChange={(e) => onChange(e.target.value === "" ? options.emptyValue : inputType === "number" ? Number(e.target.value) : e.target.value)}
      onBlur={(e) => onBlur(id, e.target.value)}
      onFocus={(e) => onFocus(id, e.target.value)}
    />
  );
}

/** `format: "entity"`: searches the blueprint's entities on the server (within the picker's dataset). */
function EntityWidget({ id, name, label, value, onChange, disabled, schema, rawErrors, registry }: WidgetProps) {
  // The picker's dataset is not JSON Schema (the form's schema leaves it out): it comes from the action's inputs.
  const inputs = (registry.formContext as { userInputs?: FormData["userInputs"] } | undefined)?.userInputs;
  const picker = { ...(schema as { blueprint?: string }), dataset: inputs?.properties[name]?.dataset };
  return (
    <div>
      {value ? (
        <div className="mb-1 inline-flex items-center gap-2 rounded bg-zinc-100 px-2 py-0.5 text-sm dark:bg-zinc-800">
          <span data-testid={`${id}-chosen`}>{String(value)}</span>
          {!disabled ? (
            <button type="button" className="text-xs underline" onClick={() => onChange(undefined)}>
              change
            </button>
          ) : null}
        </div>
      ) : null}
      <EntitySearch id={id} label={label || String(schema.title ?? id)} blueprint={picker.blueprint ?? ""} query={picker.dataset as EntitySearchInput["query"]} selected={value ? [String(value)] : []} onChoose={onChange} disabled={disabled} invalid={Boolean(rawErrors?.length)} />
    </div>
  );
}

const selectClass = "block h-9 w-full rounded-md border border-zinc-300 bg-white px-3 text-sm dark:border-zinc-700 dark:bg-zinc-900";

/** `format: "team"`: one of the teams. */
function TeamWidget({ id, value, onChange, disabled, rawErrors }: WidgetProps) {
  const trpc = useTRPC();
  const teams = useQuery(trpc.teams.list.queryOptions());
  return (
    <select id={id} className={selectClass} value={String(value ?? "")} disabled={disabled || teams.isPending} aria-invalid={Boolean(rawErrors?.length)} onChange={(e) => onChange(e.target.value || undefined)}>
      <option value="">{teams.isPending ? "Loading teams…" : "Choose a team"}</option>
      {teams.data?.map((t) => (
        <option key={t.id} value={t.id}>
          {t.title}
        </option>
      ))}
    </select>
  );
}

/** `format: "user"`: a user's email, searched as you type. */
function UserWidget({ id, value, onChange, disabled, rawErrors }: WidgetProps) {
  const trpc = useTRPC();
  const listId = useId();
  const [search, setSearch] = useState(String(value ?? ""));
  const users = useQuery({ ...trpc.users.list.queryOptions({ search: search.trim() || undefined }), enabled: search.trim().length > 0 });
  return (
    <>
      <Input
        id={id}
        type="email"
        list={listId}
        value={search}
        disabled={disabled}
        aria-invalid={Boolean(rawErrors?.length)}
        placeholder="name@example.com"
        onChange={(e) => {
          setSearch(e.target.value);
          onChange(e.target.value || undefined);
        }}
      />
      <datalist id={listId}>
        {users.data?.slice(0, 10).map((u) => (
          <option key={u.id} value={u.email}>
            {u.name ?? u.email}
          </option>
        ))}
      </datalist>
    </>
  );
}

const widgets = { entity: EntityWidget, team: TeamWidget, user: UserWidget };
const templates = { FieldTemplate, BaseInputTemplate, ErrorListTemplate: () => null };

function uiSchemaFor(form: FormData, values: Values, visible: string[]): UiSchema {
  const ui: UiSchema = { "ui:order": [...(form.userInputs.order ?? []), "*"], "ui:submitButtonOptions": { norender: true } };
  for (const [key, schema] of Object.entries(form.userInputs.properties)) {
    const field: UiSchema = {};
    if (schema.format === "entity" || schema.format === "team" || schema.format === "user") field["ui:widget"] = schema.format;
    if (schema.format === "secret") field["ui:widget"] = "password";
    if (schema.dependsOn?.some((d) => empty(values[d]))) {
      field["ui:disabled"] = true;
      field["ui:help"] = `Fill ${schema.dependsOn.join(", ")} first`;
    }
    if (!visible.includes(key)) field["ui:widget"] = "hidden";
    ui[key] = field;
  }
  return ui;
}

/** The steps of the form: the action's own, or one with every input; a review step always follows. */
function stepsOf(form: FormData) {
  const all = Object.keys(form.userInputs.properties);
  return form.userInputs.steps?.length ? form.userInputs.steps : [{ title: "Inputs", properties: all }];
}

function display(value: unknown, secret: boolean) {
  if (secret) return empty(value) ? "—" : "••••••••";
  if (empty(value)) return "—";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Server field errors (`/inputs/<name>`) as rjsf's extra errors. */
function toErrorSchema(details: { path: string; message: string }[] | undefined): ErrorSchema {
  const out: Record<string, { __errors: string[] }> = {};
  for (const d of details ?? []) {
    const key = /^\/inputs\/([^/]+)/.exec(d.path)?.[1];
    if (key) (out[key] ??= { __errors: [] }).__errors.push(d.message);
  }
  return out as ErrorSchema;
}

/**
 * Runs an action: the inputs in steps (rjsf over the action's JSON Schema, validated in the browser
 * with ajv as the server will), then a review with an optional dry run, then the run's page.
 */
export function RunForm({
  form,
  blocked = false,
  initial,
  blueprintTitle,
  preview: previewOnly = false,
}: {
  form: FormData;
  blocked?: boolean;
  initial?: Values;
  blueprintTitle?: string;
  /** The action editor's live preview: every step and the review, without running anything. */
  preview?: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const hydrated = useHydrated();
  const steps = stepsOf(form);
  const [step, setStep] = useState(0);
  const [values, setValues] = useState<Values>(initial ?? {});
  const [serverErrors, setServerErrors] = useState<ErrorSchema>({});
  const reviewing = step === steps.length;
  const current = steps[Math.min(step, steps.length - 1)]!;
  const uiSchema = uiSchemaFor(form, values, reviewing ? [] : current.properties);
  const request = { action: form.action.identifier, entity: form.entity?.identifier ?? null, inputs: values };
  const run = useMutation(
    trpc.actions.run.mutationOptions({
      onSuccess: (created) => router.push(`/runs/${created.id}`),
      onError: (error) => {
        const details = (error.data as { details?: { path: string; message: string }[] } | undefined)?.details;
        const errors = toErrorSchema(details);
        setServerErrors(errors);
        const first = Object.keys(errors)[0];
        const at = steps.findIndex((s) => s.properties.includes(first ?? ""));
        if (at >= 0) setStep(at);
      },
    }),
  );
  const preview = useMutation(trpc.actions.dryRun.mutationOptions());
  const secretKeys = Object.entries(form.userInputs.properties)
    .filter(([, s]) => s.format === "secret")
    .map(([k]) => k);

  const onChange = (next: Values) => {
    // A field that depends on another is cleared when that one changes.
    const cleared = { ...next };
    for (const [key, schema] of Object.entries(form.userInputs.properties)) {
      if (schema.dependsOn?.some((d) => JSON.stringify(next[d]) !== JSON.stringify(values[d]))) delete cleared[key];
    }
    setValues(cleared);
    setServerErrors({});
    preview.reset();
  };

  return (
    <div className="space-y-4">
      <ol className="flex flex-wrap items-center gap-2 text-sm" aria-label="Steps">
        {[...steps.map((s) => s.title), "Review"].map((title, i) => (
          <li key={title} className="flex items-center gap-2">
            <span
              aria-current={i === step ? "step" : undefined}
              className={`inline-flex size-6 items-center justify-center rounded-full text-xs font-medium ${i < step ? "bg-green-600 text-white" : i === step ? "bg-brand-600 text-white" : "bg-zinc-200 dark:bg-zinc-800"}`}
            >
              {i < step ? <Check aria-hidden className="size-3.5" /> : i + 1}
            </span>
            <span className={i === step ? "font-medium" : "text-zinc-500"}>{title}</span>
            {i < steps.length ? <ChevronRight aria-hidden className="size-4 text-zinc-400" /> : null}
          </li>
        ))}
      </ol>

      <div className={reviewing ? "hidden" : undefined}>
        <Form
          key={step}
          className="rjsf space-y-4"
          schema={form.schema as RJSFSchema}
          uiSchema={uiSchema}
          formData={values}
          validator={validator}
          widgets={widgets}
          templates={templates}
          extraErrors={serverErrors}
          formContext={{ userInputs: form.userInputs }}
          disabled={!hydrated || blocked}
          showErrorList={false}
          liveOmit
          omitExtraData
          noHtml5Validate
          // Only this step's fields are checked before moving on; the server checks everything again.
          transformErrors={(errors: RJSFValidationError[]) =>
            errors
              .filter((e) => {
                const key = (e.property ?? "").replace(/^\./, "").split(".")[0] ?? "";
                return current.properties.includes(key) || (e.name === "required" && current.properties.includes(String(e.params?.missingProperty)));
              })
              // In words, with the field's description for a pattern (never the regex).
              .map((e) => {
                const key = (e.property ?? "").replace(/^\./, "").split(".")[0] ?? "";
                const message = validationMessage(e.name ?? "", (e.params ?? {}) as Record<string, unknown>, form.userInputs.properties[key]);
                return message ? { ...e, message, stack: `${key} ${message}` } : e;
              })
          }
          onChange={(e) => onChange((e.formData ?? {}) as Values)}
          onSubmit={() => setStep(step + 1)}
          // A step with errors: they show beside their fields and the first gets the focus; without an
          // onError rjsf would also log them to the console on every try.
          onError={() => undefined}
          focusOnFirstError
        >
          <div className="flex gap-2 pt-2">
            {step > 0 ? (
              <Button type="button" variant="secondary" onClick={() => setStep(step - 1)}>
                <ChevronLeft aria-hidden className="size-4" /> Back
              </Button>
            ) : null}
            <Button type="submit" disabled={!hydrated || blocked}>
              {step === steps.length - 1 ? "Review" : "Next"} <ChevronRight aria-hidden className="size-4" />
            </Button>
          </div>
        </Form>
      </div>

      {reviewing ? (
        <div className="space-y-4">
          <dl className="divide-y divide-zinc-100 rounded-md border border-zinc-200 text-sm dark:divide-zinc-800 dark:border-zinc-800">
            {form.entity ? (
              <div className="grid grid-cols-3 gap-2 px-3 py-2">
                <dt className="text-zinc-600 dark:text-zinc-400">{blueprintTitle ?? form.action.blueprint}</dt>
                <dd className="col-span-2 font-medium">{form.entity.title ?? form.entity.identifier}</dd>
              </div>
            ) : null}
            {Object.entries(form.userInputs.properties)
              .filter(([key]) => values[key] !== undefined)
              .map(([key, schema]) => (
                <div key={key} className="grid grid-cols-3 gap-2 px-3 py-2">
                  <dt className="text-zinc-500">{String(schema.title ?? key)}</dt>
                  <dd className="col-span-2 break-all">{display(values[key], secretKeys.includes(key))}</dd>
                </div>
              ))}
          </dl>
          {form.action.approval?.required ? <Badge tone="yellow">This action needs an approval before it runs</Badge> : null}
          <div className="flex flex-wrap gap-2">
            <Button type="button" variant="secondary" onClick={() => setStep(steps.length - 1)}>
              <ChevronLeft aria-hidden className="size-4" /> Back
            </Button>
            {previewOnly ? (
              <p className="self-center text-sm text-zinc-500">A preview: people run the action once it is saved.</p>
            ) : (
              <>
                <Button type="button" variant="secondary" disabled={preview.isPending} onClick={() => preview.mutate(request)}>
                  <Eye aria-hidden className="size-4" /> Preview payload
                </Button>
                <Button type="button" disabled={run.isPending} onClick={() => run.mutate(request)}>
                  {run.isPending ? <Loader2 aria-hidden className="size-4 animate-spin" /> : <Play aria-hidden className="size-4" />} Run {form.action.title}
                </Button>
              </>
            )}
          </div>
          <MutationError error={run.error} />
          <MutationError error={preview.error} />
          {preview.data ? (
            <section aria-label="Dry run" className="space-y-1">
              <p className="text-sm">
                <span className="font-medium">Target:</span> {preview.data.target}
              </p>
              <pre className="max-h-80 overflow-auto rounded-md bg-zinc-950 p-3 text-xs text-zinc-100">{JSON.stringify(preview.data.payload, null, 2)}</pre>
            </section>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
