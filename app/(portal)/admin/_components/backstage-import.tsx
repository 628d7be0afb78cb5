"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { EntityLink } from "@/components/catalog/entity-link";
import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { Field, Input, Textarea } from "@/components/ui/field";
import { MutationError } from "@/components/ui/mutation-error";
import { Table, Td, Th } from "@/components/ui/table";
import type { ImportReport } from "@/server/catalog/backstage";

type Source = "paste" | "upload" | "github";
type Mode = "atomic" | "valid";
type File = { path: string; content: string };

/**
 * Backstage import in two steps: the plan (a dry run: what would be created, updated and left
 * unchanged, blueprint changes, every problem with its document and JSON pointer), then apply.
 */
export function BackstageImport() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [source, setSource] = useState<Source>("paste");
  const [yaml, setYaml] = useState("");
  const [files, setFiles] = useState<File[]>([]);
  const [url, setUrl] = useState("");
  const [mode, setMode] = useState<Mode>("atomic");
  const [plan, setPlan] = useState<ImportReport | null>(null);
  const [result, setResult] = useState<ImportReport | null>(null);
  // Files go over plain HTTP (up to 32 MB, a whole organisation's catalog), not tRPC (5 MB).
  const fromFiles = useMutation({ mutationFn: postBackstageImport });
  const fromGitHub = useMutation(trpc.import.backstageFromGitHub.mutationOptions());
  const pending = fromFiles.isPending || fromGitHub.isPending;
  // The server records how far an upload's import is under an id chosen here; polled while it runs.
  const [progressId, setProgressId] = useState<string | null>(null);
  const progress = useQuery({
    ...trpc.import.progress.queryOptions({ id: progressId ?? "00000000-0000-4000-8000-000000000000" }),
    enabled: Boolean(progressId) && fromFiles.isPending,
    refetchInterval: 500,
    retry: false,
  });
  const error = fromFiles.error ?? fromGitHub.error;

  const ready = source === "paste" ? yaml.trim() !== "" : source === "upload" ? files.length > 0 : url.trim() !== "";
  const run = async (dryRun: boolean) => {
    fromFiles.reset();
    fromGitHub.reset();
    const id = crypto.randomUUID();
    setProgressId(id);
    const report =
      source === "github"
        ? await fromGitHub.mutateAsync({ url, dryRun, mode })
        : await fromFiles.mutateAsync({ files: source === "paste" ? [{ path: "catalog-info.yaml", content: yaml }] : files, dryRun, mode, progressId: id });
    if (dryRun) setPlan(report);
    else {
      setResult(report);
      setPlan(null);
      await queryClient.invalidateQueries({ queryKey: trpc.catalog.pathKey() });
    }
  };
  const changed = () => {
    setPlan(null);
    setResult(null);
  };
  const errors = plan?.problems.filter((p) => p.severity === "error").length ?? 0;
  const canApply = plan && (errors === 0 || mode === "valid") && plan.created.length + plan.updated.length + plan.blueprints.length > 0;

  return (
    <div className="space-y-4">
      <form
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          void run(true).catch(() => {});
        }}
      >
        <fieldset className="flex flex-wrap gap-4 text-sm" onChange={changed}>
          <legend className="sr-only">Where the catalog comes from</legend>
          {(
            [
              ["paste", "Paste YAML"],
              ["upload", "Upload files"],
              ["github", "GitHub URL"],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="flex items-center gap-1.5">
              <input type="radio" name="source" value={value} checked={source === value} onChange={() => setSource(value)} /> {label}
            </label>
          ))}
        </fieldset>
        {source === "paste" ? (
          <Field label="catalog-info.yaml">
            {(p) => (
              <Textarea
                {...p}
                rows={14}
                className="font-mono text-xs"
                value={yaml}
                onChange={(e) => {
                  setYaml(e.target.value);
                  changed();
                }}
                placeholder={"apiVersion: backstage.io/v1alpha1\nkind: Component\n…"}
              />
            )}
          </Field>
        ) : source === "upload" ? (
          <Field label="YAML files" hint="Several files at once: Locations and $text / $json / $yaml substitutions between them are followed (paths relative to the first file).">
            {(p) => (
              <input
                {...p}
                type="file"
                multiple
                accept=".yaml,.yml,.json,.graphql,.proto,text/yaml,application/json,text/plain"
                className="block text-sm"
                onChange={async (e) => {
                  const picked = [...(e.target.files ?? [])];
                  setFiles(await Promise.all(picked.map(async (f) => ({ path: f.webkitRelativePath || f.name, content: await f.text() }))));
                  changed();
                }}
              />
            )}
          </Field>
        ) : (
          <Field label="GitHub URL" hint="A repository (its catalog-info.yaml) or a file: https://github.com/acme/payments/blob/main/catalog-info.yaml. Uses the connected GitHub integration.">
            {(p) => (
              <Input
                {...p}
                type="url"
                value={url}
                onChange={(e) => {
                  setUrl(e.target.value);
                  changed();
                }}
                placeholder="https://github.com/acme/payments"
              />
            )}
          </Field>
        )}
        <fieldset className="space-y-1 text-sm" onChange={changed}>
          <legend className="font-medium">When a document has errors</legend>
          <label className="flex items-center gap-1.5">
            <input type="radio" name="mode" value="atomic" checked={mode === "atomic"} onChange={() => setMode("atomic")} /> Import nothing until every document is valid
          </label>
          <label className="flex items-center gap-1.5">
            <input type="radio" name="mode" value="valid" checked={mode === "valid"} onChange={() => setMode("valid")} /> Import the valid documents and skip the others
          </label>
        </fieldset>
        <div className="flex items-center gap-3">
          <Button type="submit" variant={plan ? "secondary" : "primary"} disabled={!ready || pending}>
            {pending && !plan ? "Planning…" : "Plan import"}
          </Button>
          {plan ? (
            <Button type="button" disabled={!canApply || pending} onClick={() => void run(false).catch(() => {})}>
              {pending ? "Importing…" : `Apply: ${plan.created.length} new, ${plan.updated.length} changed`}
            </Button>
          ) : null}
          {files.length && source === "upload" ? <span className="text-xs text-zinc-500">{files.map((f) => f.path).join(", ")}</span> : null}
        </div>
        {fromFiles.isPending ? <ImportProgress progress={progress.data} /> : null}
        <MutationError error={error} />
      </form>
      {plan ? <Report report={plan} title="Plan" /> : null}
      {result ? <Report report={result} title="Imported" /> : null}
    </div>
  );
}

type ImportRequest = { files: File[]; dryRun: boolean; mode: Mode; progressId: string };

/** POST /api/import/backstage with the session; a refusal becomes an Error with the server's message and problems. */
async function postBackstageImport({ files, dryRun, mode, progressId }: ImportRequest): Promise<ImportReport> {
  const query = new URLSearchParams({ dryRun: String(dryRun), mode, progress: progressId });
  const res = await fetch(`/api/import/backstage?${query}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ files }) });
  const body = (await res.json().catch(() => null)) as (ImportReport & { error?: undefined }) | { error: { message: string; details?: { path: string; message: string }[] } } | null;
  if (!res.ok || !body || body.error) {
    const error = body?.error;
    const details = error?.details?.slice(0, 20).map((d) => `${d.path}: ${d.message}`) ?? [];
    throw new Error([error?.message ?? `The import failed (HTTP ${res.status})`, ...details].join("\n"));
  }
  return body as ImportReport;
}

const phaseLabel = { reading: "Reading the files", planning: "Checking every document", writing: "Writing entities", finishing: "Writing users and teams", done: "Done", failed: "Failed" } as const;

/** Where a running import is, as the server last recorded it. */
function ImportProgress({ progress }: { progress?: { phase: keyof typeof phaseLabel; done: number; total: number } }) {
  const label = progress ? phaseLabel[progress.phase] : "Sending the files";
  const counted = progress?.phase === "writing" && progress.total > 0;
  return (
    <div role="status" aria-live="polite" className="space-y-1 text-sm">
      <p>
        {label}
        {counted ? ` — ${progress.done.toLocaleString("en")} of ${progress.total.toLocaleString("en")}` : "…"}
      </p>
      <progress className="h-2 w-full max-w-md" aria-label="Import progress" max={counted ? progress.total : undefined} value={counted ? progress.done : undefined} />
    </div>
  );
}

function Report({ report, title }: { report: ImportReport; title: string }) {
  const errors = report.problems.filter((p) => p.severity === "error");
  return (
    <Card aria-label={title === "Plan" ? "Import plan" : "Import result"}>
      <CardTitle>
        {title}: {report.documents} document{report.documents === 1 ? "" : "s"} · {report.created.length} to create · {report.updated.length} to update · {report.unchanged.length} unchanged
        {report.skipped.length ? ` · ${report.skipped.length} skipped` : ""}
      </CardTitle>
      {title === "Plan" && errors.length && report.mode === "atomic" ? (
        <p role="alert" className="mb-2 text-sm text-red-700 dark:text-red-400">
          {errors.length} error{errors.length === 1 ? "" : "s"}: nothing can be imported until they are fixed, or choose to import the valid documents.
        </p>
      ) : null}
      {title !== "Plan" ? <p className="mb-2 text-sm text-green-700 dark:text-green-400">The catalog was changed{report.problems.length ? "; see the problems below" : ""}.</p> : null}
      {report.blueprints.length ? (
        <section className="mb-3">
          <h3 className="text-sm font-medium">Blueprint changes</h3>
          <ul className="list-disc pl-5 text-sm">
            {report.blueprints.map((b) => (
              <li key={b.identifier}>
                <span className="font-mono text-xs">{b.identifier}</span>: {b.details.join("; ")}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {(["created", "updated"] as const).map((k) =>
        report[k].length ? (
          <section key={k} className="mb-3">
            <h3 className="text-sm font-medium">{k === "created" ? (title === "Plan" ? "To create" : "Created") : title === "Plan" ? "To update" : "Updated"}</h3>
            <p className="flex flex-wrap gap-x-3 text-sm">
              {report[k].map((c) => (
                <span key={`${c.kind}/${c.identifier}`}>
                  <span className="text-zinc-500">{c.kind}</span>{" "}
                  {title !== "Plan" && c.kind !== "user" && c.kind !== "team" ? (
                    <EntityLink blueprint={c.kind} identifier={c.identifier} />
                  ) : title !== "Plan" && c.kind === "team" ? (
                    <a className="text-brand-700 hover:underline dark:text-brand-300" href={`/teams/${encodeURIComponent(c.identifier)}`}>
                      {c.identifier}
                    </a>
                  ) : (
                    c.identifier
                  )}
                </span>
              ))}
            </p>
          </section>
        ) : null,
      )}
      {report.problems.length ? (
        <section className="mb-3">
          <h3 className="text-sm font-medium">Problems</h3>
          <Table aria-label="Problems">
            <thead>
              <tr>
                <Th>Document</Th>
                <Th>Entity</Th>
                <Th>Where</Th>
                <Th>Problem</Th>
              </tr>
            </thead>
            <tbody>
              {report.problems.map((p, i) => (
                <tr key={i}>
                  <Td>
                    {p.file ? `${p.file} · ` : ""}
                    {p.document ?? "—"}
                  </Td>
                  <Td>
                    <code className="font-mono text-xs">{p.ref ?? "—"}</code>
                  </Td>
                  <Td>
                    <code className="font-mono text-xs">{p.pointer || "/"}</code>
                  </Td>
                  <Td>
                    <Badge tone={p.severity === "error" ? "red" : "yellow"}>{p.severity}</Badge> {p.message}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </section>
      ) : null}
      {report.skipped.length ? (
        <section>
          <h3 className="text-sm font-medium">Not imported as entities</h3>
          <ul className="list-disc pl-5 text-sm">
            {report.skipped.map((s, i) => (
              <li key={i}>
                Document {s.document}
                {s.ref ? ` (${s.ref})` : ""}: {s.reason}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Card>
  );
}
