"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { JsonField } from "./json-field";

type Invocation = Record<string, unknown> & { type?: string };

/** How one setting of an invocation is edited. `map`: named values (each a template or JSON); `json`: a structured document. */
type Setting =
  | { key: string; label: string; hint?: string; as: "text" | "textarea"; placeholder?: string; optional?: boolean }
  | { key: string; label: string; hint?: string; as: "select"; options: string[] }
  | { key: string; label: string; hint?: string; as: "bool" | "map" | "json" };

/**
 * The invocation kinds an admin can choose, with their settings, in the shapes server/actions/definition.ts checks.
 * A new kind of target adds one entry here (and its schema and target on the server).
 */
const kinds: { type: string; label: string; starts: Invocation; settings: Setting[] }[] = [
  {
    type: "github-workflow",
    label: "GitHub Actions workflow",
    starts: { ref: "main", inputs: {} },
    settings: [
      { key: "owner", label: "Owner", hint: "The organisation or user that owns the repository", as: "text" },
      { key: "repo", label: "Repository", as: "text" },
      { key: "workflow", label: "Workflow", hint: "Its file name (deploy.yml) or id; it needs a workflow_dispatch trigger", as: "text" },
      { key: "ref", label: "Branch or tag", as: "text", placeholder: "main" },
      { key: "inputs", label: "Workflow inputs", hint: "Each becomes an input of the workflow_dispatch", as: "map" },
    ],
  },
  {
    type: "gitlab-pipeline",
    label: "GitLab pipeline",
    starts: { ref: "main", variables: {} },
    settings: [
      { key: "project", label: "Project", hint: "Its numeric id or full path (group/subgroup/project)", as: "text" },
      { key: "ref", label: "Branch or tag", as: "text", placeholder: "main" },
      { key: "variables", label: "CI/CD variables", hint: "Names of letters, digits and _; PORTICO_RUN_ID and PORTICO_RUN_URL are added", as: "map" },
    ],
  },
  {
    type: "kubernetes-job",
    label: "Kubernetes Job",
    starts: { namespace: "default", jobTemplate: { spec: { template: { spec: { restartPolicy: "Never", containers: [{ name: "run", image: "" }] } } } } },
    settings: [
      { key: "cluster", label: "Cluster", hint: "A cluster's name as Integrations lists it", as: "text" },
      { key: "namespace", label: "Namespace", as: "text" },
      { key: "jobTemplate", label: "Job template", hint: "A batch/v1 Job (its metadata and spec); strings may hold templates", as: "json" },
    ],
  },
  {
    type: "webhook",
    label: "Webhook",
    starts: { method: "POST", headers: {}, signed: true, synchronized: true },
    settings: [
      { key: "url", label: "URL", as: "text", placeholder: "https://" },
      { key: "method", label: "Method", as: "select", options: ["POST", "PUT", "PATCH", "DELETE", "GET"] },
      { key: "headers", label: "Headers", as: "map" },
      { key: "body", label: "Body", hint: "Any JSON; empty sends the run (action, inputs, entity, user)", as: "json" },
      { key: "signed", label: "Sign each request (X-Portico-Signature, HMAC-SHA256)", as: "bool" },
      { key: "synchronized", label: "The response decides the run (2xx succeeds); off: the receiver reports back through the REST API", as: "bool" },
    ],
  },
  {
    type: "upsert-entity",
    label: "Create or update an entity",
    starts: { mapping: { identifier: "", title: "", properties: {} } },
    settings: [
      { key: "blueprint", label: "Blueprint", as: "text" },
      { key: "mapping", label: "Entity", hint: "identifier, title, team, properties, relations: each may be a template", as: "json" },
    ],
  },
  {
    type: "github-repository",
    label: "GitHub repository from a template",
    starts: { private: true },
    settings: [
      { key: "templateOwner", label: "Template owner", as: "text" },
      { key: "templateRepo", label: "Template repository", as: "text" },
      { key: "owner", label: "New repository's owner", as: "text" },
      { key: "name", label: "New repository's name", as: "text" },
      { key: "description", label: "Description", as: "text", optional: true },
      { key: "private", label: "Private repository", as: "bool" },
      { key: "catalogInfo", label: "catalog-info.yaml", hint: "Written to the new repository's root", as: "textarea", optional: true },
      { key: "register", label: "Register as", hint: '{"blueprint": …, "mapping": {…}}: the entity made once the repository exists', as: "json" },
    ],
  },
];

/** The invocation as a form per kind; what it writes is the same JSON the JSON tab shows. */
export function InvocationBuilder({
  value,
  onChange,
  errorAt,
  inputKeys,
  jq,
}: {
  value: unknown;
  onChange: (v: Invocation) => void;
  errorAt: (path: string) => string | undefined;
  inputKeys: string[];
  jq: boolean;
}) {
  const invocation: Invocation = value && typeof value === "object" && !Array.isArray(value) ? (value as Invocation) : {};
  const kind = kinds.find((k) => k.type === invocation.type);
  const set = (key: string, v: unknown) => {
    const next = { ...invocation };
    if (v === undefined) delete next[key];
    else next[key] = v;
    onChange(next);
  };
  const example = inputKeys[0] ?? "name";
  const templateHint = `Values may hold {{ ${jq ? `.inputs.${example}` : `inputs.${example}`} }}${inputKeys.length > 1 ? `; this form's inputs: ${inputKeys.join(", ")}` : ""}`;
  return (
    <fieldset className="space-y-3 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
      <legend className="px-1 text-sm font-medium">What a run does</legend>
      <Field label="Runs as" error={errorAt("/invocation/type") ?? (kind ? undefined : errorAt("/invocation"))}>
        {(p) => (
          <Select
            {...p}
            value={kind?.type ?? ""}
            onChange={(e) => {
              const chosen = kinds.find((k) => k.type === e.target.value);
              if (chosen) onChange({ type: chosen.type, ...structuredClone(chosen.starts) });
            }}
          >
            <option value="">Choose…</option>
            {kinds.map((k) => (
              <option key={k.type} value={k.type}>
                {k.label}
              </option>
            ))}
          </Select>
        )}
      </Field>
      {kind ? (
        <div className="grid gap-3 sm:grid-cols-2">
          {kind.settings.map((s) => (
            <div key={`${kind.type}.${s.key}`} className={s.as === "map" || s.as === "json" || s.as === "textarea" || s.as === "bool" ? "sm:col-span-2" : undefined}>
              <SettingField setting={s} value={invocation[s.key]} onChange={(v) => set(s.key, v)} error={errorAt(`/invocation/${s.key}`)} templateHint={templateHint} />
            </div>
          ))}
        </div>
      ) : null}
    </fieldset>
  );
}

function SettingField({ setting: s, value, onChange, error, templateHint }: { setting: Setting; value: unknown; onChange: (v: unknown) => void; error?: string; templateHint: string }) {
  switch (s.as) {
    case "text":
    case "textarea": {
      const text = typeof value === "string" ? value : value === undefined ? "" : JSON.stringify(value);
      const change = (v: string) => onChange(v === "" && s.optional ? undefined : v);
      return (
        <Field label={s.label} hint={s.hint} error={error}>
          {(p) =>
            s.as === "textarea" ? (
              <Textarea {...p} rows={6} className="font-mono text-xs" value={text} onChange={(e) => change(e.target.value)} />
            ) : (
              <Input {...p} value={text} placeholder={s.placeholder} onChange={(e) => change(e.target.value)} />
            )
          }
        </Field>
      );
    }
    case "select":
      return (
        <Field label={s.label} hint={s.hint} error={error}>
          {(p) => (
            <Select {...p} value={typeof value === "string" ? value : s.options[0]} onChange={(e) => onChange(e.target.value)}>
              {s.options.map((o) => (
                <option key={o}>{o}</option>
              ))}
            </Select>
          )}
        </Field>
      );
    case "bool":
      // A template in place of true/false (github-repository's `private`) stays text, as the JSON wrote it.
      if (typeof value === "string") return <SettingField setting={{ key: s.key, label: s.label, as: "text" }} value={value} onChange={onChange} error={error} templateHint={templateHint} />;
      return (
        <div className="space-y-1">
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={value !== false} onChange={(e) => onChange(e.target.checked)} /> {s.label}
          </label>
          {error ? <p className="text-sm text-red-600 dark:text-red-400">{error}</p> : null}
        </div>
      );
    case "map":
      return <MapField label={s.label} hint={[s.hint, templateHint].filter(Boolean).join(". ")} value={value} onChange={onChange} error={error} />;
    case "json":
      return <JsonField label={s.label} hint={[s.hint, templateHint].filter(Boolean).join(". ")} value={value} onChange={onChange} error={error} rows={6} />;
  }
}

type Row = { id: number; key: string; text: string; json: boolean };

const rowsOf = (value: unknown): Row[] =>
  Object.entries(value && typeof value === "object" && !Array.isArray(value) ? value : {}).map(([key, v], id) =>
    typeof v === "string" ? { id, key, text: v, json: false } : { id, key, text: JSON.stringify(v), json: true },
  );

/** Named values, one row each: text (a template) by default, or JSON for numbers, booleans and objects. */
function MapField({ label, hint, value, onChange, error }: { label: string; hint: string; value: unknown; onChange: (v: Record<string, unknown>) => void; error?: string }) {
  const id = useId();
  const [rows, setRows] = useState<Row[]>(() => rowsOf(value));
  const problems = rows.flatMap((r) => {
    if (!r.key && r.text) return [`A value without a name is left out`];
    if (r.key && rows.some((o) => o.id < r.id && o.key === r.key)) return [`"${r.key}" is named twice; the first is kept`];
    if (r.json) {
      try {
        JSON.parse(r.text);
      } catch {
        return [`"${r.key || "…"}" is not valid JSON yet (text values need the Text kind)`];
      }
    }
    return [];
  });
  const update = (next: Row[]) => {
    setRows(next);
    const out: Record<string, unknown> = {};
    for (const r of next) {
      if (!r.key || r.key in out) continue;
      if (!r.json) out[r.key] = r.text;
      else
        try {
          out[r.key] = JSON.parse(r.text);
        } catch {
          // Not sent until it parses; the row says so.
        }
    }
    onChange(out);
  };
  const change = (rowId: number, patch: Partial<Row>) => update(rows.map((r) => (r.id === rowId ? { ...r, ...patch } : r)));
  return (
    <div role="group" aria-labelledby={`${id}-label`} className="space-y-2">
      <p id={`${id}-label`} className="text-sm font-medium">
        {label}
      </p>
      {rows.length === 0 ? <p className="text-sm text-zinc-500">None yet.</p> : null}
      {rows.map((r) => (
        <div key={r.id} className="flex flex-wrap items-center gap-2">
          <Input aria-label={`${label}: name`} className="w-40 flex-none" value={r.key} onChange={(e) => change(r.id, { key: e.target.value })} />
          <Input aria-label={`${label}: ${r.key || "value"}`} className="min-w-0 flex-1 font-mono text-xs" value={r.text} onChange={(e) => change(r.id, { text: e.target.value })} />
          <Select aria-label={`${label}: ${r.key || "value"} is`} className="w-24 flex-none" value={r.json ? "json" : "text"} onChange={(e) => change(r.id, { json: e.target.value === "json" })}>
            <option value="text">Text</option>
            <option value="json">JSON</option>
          </Select>
          <Button type="button" variant="ghost" size="sm" aria-label={`Remove ${r.key || "this value"}`} onClick={() => update(rows.filter((o) => o.id !== r.id))}>
            Remove
          </Button>
        </div>
      ))}
      <Button type="button" variant="secondary" size="sm" onClick={() => setRows([...rows, { id: Math.max(-1, ...rows.map((r) => r.id)) + 1, key: "", text: "", json: false }])}>
        Add {label.toLowerCase().replace(/s$/, "")}
      </Button>
      {[...problems, ...(error ? [error] : [])].map((m) => (
        <p key={m} className="text-sm text-red-600 dark:text-red-400">
          {m}
        </p>
      ))}
      <p className="text-xs text-zinc-500">{hint}</p>
    </div>
  );
}
